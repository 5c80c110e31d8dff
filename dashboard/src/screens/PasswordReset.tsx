import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import { ApiError } from "../api/problem";
import { ErrorNote } from "../components/Section";
import { Link, useRouter } from "../lib/router";
import { AuthLayout } from "./AuthLayout";

/** Ask for a reset link. The answer is the same whether or not the address has an account. */
export function ForgotPasswordScreen() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api("/api/v1/auth/password/forgot", { body: { email: email.trim() }, anonymous: true });
      setSent(true);
    } catch (reason) {
      setError(reason instanceof ApiError ? reason : null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthLayout title="Reset your password" footer={<Link to="/login">Back to log in</Link>}>
      {sent ? (
        <p className="note note-success" role="status">
          If <strong>{email}</strong> has an account, a link to set a new password is on its way. It works once, for 30 minutes.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted">Enter the e-mail address of your account and we will send you a link.</p>
          <label className="field">
            E-mail
            <input id="email" type="email" autoComplete="email" autoFocus value={email} onChange={(event) => setEmail(event.target.value)} required />
          </label>
          <ErrorNote error={error} />
          <button className="button" type="submit" disabled={busy || !email.trim()}>
            {busy ? "Sending…" : "Send the link"}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}

/** The landing page of the reset link (`/reset-password?token=…`). */
export function ResetPasswordScreen() {
  const { query, navigate } = useRouter();
  const token = query.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<ApiError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = error instanceof ApiError ? error.fieldErrors()["new_password"] : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== confirm) {
      setError("The two passwords are not the same.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api("/api/v1/auth/password/reset", { body: { token, new_password: password }, anonymous: true });
      navigate("/login?reset=1", { replace: true });
    } catch (reason) {
      setError(reason instanceof ApiError ? reason : String(reason));
    } finally {
      setBusy(false);
    }
  }

  if (!token) {
    return (
      <AuthLayout title="Reset your password" footer={<Link to="/forgot-password">Ask for a new link</Link>}>
        <p className="note note-error">This link has no token. Open the link from the e-mail exactly as it was sent.</p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Choose a new password" footer={<Link to="/forgot-password">Ask for a new link</Link>}>
      <form onSubmit={submit} noValidate>
        <label className="field">
          New password
          <input id="new-password" type="password" autoComplete="new-password" autoFocus value={password} onChange={(event) => setPassword(event.target.value)} required />
          <span className="hint">At least 10 characters; not a common password.</span>
          {fieldError && <span className="field-error">{fieldError}</span>}
        </label>
        <label className="field">
          Repeat it
          <input id="confirm-password" type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} required />
        </label>
        {!fieldError && <ErrorNote error={error instanceof ApiError && error.status === 422 && !fieldError ? "This link has expired or was already used; ask for a new one." : error} />}
        <button className="button" type="submit" disabled={busy || !password}>
          {busy ? "Saving…" : "Set the new password"}
        </button>
      </form>
    </AuthLayout>
  );
}
