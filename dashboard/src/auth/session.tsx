import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { acceptTokens, api, COOKIE_MODE, forgetTokens, hadSession, hasAccessToken, onSession, refreshFailure, refreshSession, type TokenAnswer } from "../api/client";
import { ApiError } from "../api/problem";
import type { Profile } from "../api/types";

/** Who is signed in, what organisation the token acts for, and the actions that change that. */
export type SessionState =
  | { status: "loading" }
  /** The platform did not answer while restoring the session: not a reason to sign the user out. */
  | { status: "unreachable"; retry: () => void }
  | { status: "anonymous"; reason?: "expired" | "logged-out" }
  | { status: "signed-in"; profile: Profile };

export interface MFAChallenge {
  mfa_required: true;
  mfa_token: string;
  expires_in: number;
}

interface SessionValue {
  state: SessionState;
  profile: Profile | null;
  /** The organisation the current token acts for (null: none chosen yet). */
  organizationId: string | null;
  role: string | null;
  can: (scope: string) => boolean;
  login: (email: string, password: string) => Promise<MFAChallenge | null>;
  completeMFA: (challenge: string, code: { code?: string; recovery_code?: string }) => Promise<void>;
  register: (name: string, email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  switchOrganization: (id: string) => Promise<void>;
  reloadProfile: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });

  const loadProfile = useCallback(async () => {
    const profile = await api<Profile>("/api/v1/auth/me");
    setState({ status: "signed-in", profile });
  }, []);

  // On start: a session cookie from an earlier visit signs the user in silently. A platform that does not answer
  // leaves the user signed in as far as we know, with a retry, rather than sending them to the login page.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    const retry = () => {
      setState({ status: "loading" });
      setAttempt((n) => n + 1);
    };
    void (async () => {
      if (!hadSession()) {
        setState({ status: "anonymous" });
        return;
      }
      const restored = await refreshSession();
      if (cancelled) return;
      if (!restored) {
        setState(refreshFailure() === "unreachable" ? { status: "unreachable", retry } : { status: "anonymous" });
        return;
      }
      try {
        await loadProfile();
      } catch (error) {
        if (cancelled) return;
        setState(error instanceof ApiError && error.status === 401 ? { status: "anonymous" } : { status: "unreachable", retry });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [loadProfile, attempt]);

  useEffect(
    () =>
      onSession((event) => {
        if (event === "ended") setState((previous) => (previous.status === "signed-in" ? { status: "anonymous", reason: "expired" } : previous));
      }),
    [],
  );

  const afterTokens = useCallback(
    async (answer: TokenAnswer) => {
      acceptTokens(answer);
      await loadProfile();
    },
    [loadProfile],
  );

  const login = useCallback(
    async (email: string, password: string): Promise<MFAChallenge | null> => {
      const answer = await api<TokenAnswer | MFAChallenge>("/api/v1/auth/login", {
        body: { email, password }, headers: COOKIE_MODE, anonymous: true,
      });
      if ("mfa_required" in answer && answer.mfa_required) return answer;
      await afterTokens(answer as TokenAnswer);
      return null;
    },
    [afterTokens],
  );

  const completeMFA = useCallback(
    async (challenge: string, code: { code?: string; recovery_code?: string }) => {
      const answer = await api<TokenAnswer>("/api/v1/auth/mfa/login", { body: { mfa_token: challenge, ...code }, headers: COOKIE_MODE, anonymous: true });
      await afterTokens(answer);
    },
    [afterTokens],
  );

  const register = useCallback(
    async (name: string, email: string, password: string) => {
      const answer = await api<TokenAnswer>("/api/v1/auth/register", { body: { name, email, password }, headers: COOKIE_MODE, anonymous: true });
      await afterTokens(answer);
    },
    [afterTokens],
  );

  const logout = useCallback(async () => {
    try {
      if (hasAccessToken()) await api("/api/v1/auth/logout", { method: "POST", headers: COOKIE_MODE });
    } catch {
      /* the session may already be over; forget it locally either way */
    }
    forgetTokens();
    setState({ status: "anonymous", reason: "logged-out" });
  }, []);

  const switchOrganization = useCallback(
    async (id: string) => {
      await refreshSession(id);
      await loadProfile();
    },
    [loadProfile],
  );

  const value = useMemo<SessionValue>(() => {
    const profile = state.status === "signed-in" ? state.profile : null;
    const scopes = new Set(profile?.scopes ?? []);
    return {
      state,
      profile,
      organizationId: profile?.organization_id ?? null,
      role: profile?.role ?? null,
      can: (scope: string) => scopes.has(scope),
      login,
      completeMFA,
      register,
      logout,
      switchOrganization,
      reloadProfile: loadProfile,
    };
  }, [state, login, completeMFA, register, logout, switchOrganization, loadProfile]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside <SessionProvider>");
  return value;
}
