import { describe, expect, it, vi } from "vitest";
import { singleFlight } from "./singleFlight";

describe("singleFlight", () => {
  it("shares one run between concurrent callers and starts a new one afterwards", async () => {
    let release!: () => void;
    const operation = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const run = singleFlight(operation);
    const first = run();
    const second = run();
    expect(first).toBe(second);
    release();
    await Promise.all([first, second]);
    expect(operation).toHaveBeenCalledTimes(1);
    const third = run();
    release();
    await third;
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it("lets a later call retry after a failure", async () => {
    const operation = vi.fn().mockRejectedValueOnce(new Error("down")).mockResolvedValueOnce("ok");
    const run = singleFlight(operation);
    await expect(run()).rejects.toThrow("down");
    await expect(run()).resolves.toBe("ok");
  });
});
