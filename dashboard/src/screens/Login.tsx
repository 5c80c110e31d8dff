import { useState, type FormEvent } from "react";
import { ApiError } from "../api/problem";
import { useSession, type MFAChallenge } from "../auth/session";
import { ErrorNote } from "../components/Section";
import { Link, useRouter } from "../lib/router";
import { AuthLayout } from "./AuthLayout";

/** Log in with e-mail and password, then the authenticator code (or a recovery code) when MFA is on. */
export function LoginScreen() {
  const { login, completeMFA } = useSession();
  const { query } = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [challenge, setChallenge] = useState<MFAChallenge | null>(null);
  const [code, setCode] = useState("");
  const [useRecovery, setUseRecovery] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = query.get("next");
  const carry = next ? `?next=${encodeURIComponent(next)}` : "";

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (challenge) {
        await completeMFA(challenge.mfa_token, useRecovery ? { recovery_code: code.trim() } : { code: code.replace(/\s/g, "") });
      } else {
        const answer = await login(email.trim(), password);
        if (answer) setChallenge(answer);
      }
    } catch (reason) {
      if (reason instanceof ApiError && challenge && reason.status === 422) {
        setChallenge(null);
        setCode("");
        setError("The sign-in took too long; enter your password again.");
      } else setError(reason instanceof ApiError ? reason : String(reason));
    } finally {
      setBusy(false);
    }
  }

  if (challenge) {
    return (
      <AuthLayout title="Two-step verification">
        <form onSubmit={submit} noValidate>
          <p className="muted">
            {useRecovery ? "Enter one of your recovery codes. Each works once." : "Enter the 6-digit code from your authenticator app."}
          </p>
          <label className="field">
            {useRecovery ? "Recovery code" : "Code"}
            <input
              id="mfa-code"
              autoFocus
              autoComplete="one-time-code"
              inputMode={useRecovery ? "text" : "numeric"}
              value={code}
              onChange={(event) => setCode(event.target.value)}
              required
            />
          </label>
          <ErrorNote error={error} />
          <button className="button" type="submit" disabled={busy || !code.trim()}>
            {busy ? "Checking…" : "Verify"}
          </button>
          <p>
            <button type="button" className="button link" onClick={() => { setUseRecovery(!useRecovery); setCode(""); }}>
              {useRecovery ? "Use the authenticator code instead" : "Lost your phone? Use a recovery code"}
            </button>
          </p>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Log in"
      footer={
        <>
          <Link to={`/register${carry}`}>Create an account</Link>
          <Link to="/forgot-password">Forgot your password?</Link>
        </>
      }
    >
      {query.get("expired") && <p className="note note-info">Your session ended. Log in again to carry on where you were.</p>}
      {query.get("reset") && <p className="note note-success">Your password was changed. Log in with the new one.</p>}
      <form onSubmit={submit} noValidate>
        <label className="field">
          E-mail
          <input id="email" type="email" autoComplete="username" autoFocus value={email} onChange={(event) => setEmail(event.target.value)} required />
        </label>
        <label className="field">
          Password
          <input id="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
        </label>
        <ErrorNote error={error} />
        <button className="button" type="submit" disabled={busy || !email || !password} data-testid="login-submit">
          {busy ? "Logging in…" : "Log in"}
        </button>
      </form>
    </AuthLayout>
  );
}
