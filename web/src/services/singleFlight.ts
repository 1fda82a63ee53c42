/**
 * Wraps an async operation so that concurrent callers share one run: while a run is in flight
 * every caller gets the same promise, and a new run starts only after it settled. Used for the
 * token refresh, so that ten requests failing with 401 at once cause one refresh, not ten
 * (a refresh rotates the refresh token; parallel refreshes would race each other).
 */
export function singleFlight<T>(operation: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    if (!inFlight) {
      inFlight = operation().finally(() => {
        inFlight = null;
      });
    }
    return inFlight;
  };
}
