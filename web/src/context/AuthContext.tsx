import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { ReactNode } from "react";
import { useNavigate } from "react-router-dom";
import { API_BASE } from "../config";
import { createApiClient } from "../services/apiClient";
import type { ApiClient } from "../services/apiClient";
import { userMessage } from "../services/apiErrors";
import { createAuthService, LoginAfterRegisterError } from "../services/authService";
import type { Credentials } from "../services/authService";
import type { User } from "../types/api";

export type AuthStatus = "loading" | "authenticated" | "anonymous";

export interface AuthContextValue {
  status: AuthStatus;
  user: User | null;
  /** Set when the server could not be asked who is logged in (it is down, or we are offline). */
  sessionError: string | null;
  api: ApiClient;
  login(credentials: Credentials): Promise<void>;
  /** Registers, then logs the new account in. */
  register(credentials: Credentials): Promise<void>;
  logout(): Promise<void>;
  recheckSession(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

// Tabs share cookies, so a login or logout in one tab changes the others' session too; this
// localStorage key carries the news (the `storage` event fires in every other tab).
const SESSION_EVENT_KEY = "parley.session-event";

function announce(event: "login" | "logout") {
  try {
    localStorage.setItem(SESSION_EVENT_KEY, `${event}:${Date.now()}`);
  } catch {
    // Storage can be unavailable (private mode, quota); other tabs then learn on their next 401.
  }
}

/** The one auth state of the app: who is logged in, and the API client that keeps it alive. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const [status, setStatus] = useState<AuthStatus>("loading");
  const [user, setUser] = useState<User | null>(null);
  const [sessionError, setSessionError] = useState<string | null>(null);
  const [sessionCheck, setSessionCheck] = useState(0);

  // The API client is created once and outlives renders, so it reaches the latest state and
  // navigate() through refs (react-router's navigate changes identity on every route change).
  const statusRef = useRef(status);
  statusRef.current = status;
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  const endSession = useCallback(() => {
    const wasLoggedIn = statusRef.current === "authenticated";
    setUser(null);
    setStatus("anonymous");
    if (wasLoggedIn) navigateRef.current("/login", { replace: true });
  }, []);

  const [api] = useState(() =>
    createApiClient({
      baseUrl: API_BASE,
      onSessionExpired: () => {
        if (statusRef.current === "authenticated") announce("logout");
        endSession();
      },
    }),
  );
  const auth = useMemo(() => createAuthService(api), [api]);

  // Ask the server who we are: cookies are HttpOnly, so this is the only reliable source.
  useEffect(() => {
    let cancelled = false;
    auth
      .currentUser()
      .then((current) => {
        if (cancelled) return;
        setSessionError(null);
        setUser(current);
        setStatus(current ? "authenticated" : "anonymous");
      })
      .catch((error) => {
        if (cancelled) return;
        setSessionError(userMessage(error));
        setStatus("anonymous");
      });
    return () => {
      cancelled = true;
    };
  }, [auth, sessionCheck]);

  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== SESSION_EVENT_KEY || !event.newValue) return;
      if (event.newValue.startsWith("logout")) endSession();
      else setSessionCheck((n) => n + 1);
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [endSession]);

  const login = useCallback(
    async (credentials: Credentials) => {
      const loggedIn = await auth.login(credentials);
      setSessionError(null);
      setUser(loggedIn);
      setStatus("authenticated");
      announce("login");
    },
    [auth],
  );

  const register = useCallback(
    async (credentials: Credentials) => {
      await auth.register(credentials);
      try {
        await login(credentials);
      } catch (error) {
        throw new LoginAfterRegisterError(error);
      }
    },
    [auth, login],
  );

  const logout = useCallback(async () => {
    try {
      await auth.logout();
    } catch {
      // Even if the server could not be told, this tab must not look logged in any more.
    }
    announce("logout");
    setUser(null);
    setStatus("anonymous");
    navigateRef.current("/login", { replace: true });
  }, [auth]);

  const recheckSession = useCallback(() => setSessionCheck((n) => n + 1), []);

  const value = useMemo<AuthContextValue>(
    () => ({ status, user, sessionError, api, login, register, logout, recheckSession }),
    [status, user, sessionError, api, login, register, logout, recheckSession],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}

/**
 * The session's token refresh, for what cannot go through the API client (an <img> that failed
 * because the access cookie expired); null outside an AuthProvider.
 */
export function useSessionRenewal(): (() => Promise<void>) | null {
  return useContext(AuthContext)?.api.refreshSession ?? null;
}
