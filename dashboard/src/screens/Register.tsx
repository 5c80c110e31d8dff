import { useState, type FormEvent } from "react";
import { ApiError } from "../api/problem";
import { useSession } from "../auth/session";
import { ErrorNote } from "../components/Section";
import { Link, useRouter } from "../lib/router";
import { AuthLayout } from "./AuthLayout";

/** Create an account; the verification e-mail goes out and the account works at once. */
export function RegisterScreen() {
  const { register } = useSession();
  const { query } = useRouter();
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = error?.fieldErrors() ?? {};
  const next = query.get("next");

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await register(form.name.trim(), form.email.trim(), form.password);
    } catch (reason) {
      setError(reason instanceof ApiError ? reason : new ApiError({ type: "client", title: String(reason), status: 0 }));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) =>
    fields[name] ? (
      <span className="field-error" id={`${name}-error`}>
        {fields[name]}
      </span>
    ) : null;

  return (
    <AuthLayout title="Create your account" footer={<Link to={`/login${next ? `?next=${encodeURIComponent(next)}` : ""}`}>I already have an account</Link>}>
      <p className="muted">See where your M-PESA money comes from and goes, in minutes.</p>
      <form onSubmit={submit} noValidate>
        <label className="field">
          Your name
          <input id="name" autoComplete="name" autoFocus value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} aria-describedby="name-error" required />
          {fieldError("name")}
        </label>
        <label className="field">
          E-mail
          <input id="email" type="email" autoComplete="email" value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} aria-describedby="email-error" required />
          {fieldError("email")}
        </label>
        <label className="field">
          Password
          <input
            id="password"
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(event) => setForm({ ...form, password: event.target.value })}
            aria-describedby="password-hint password-error"
            required
          />
          <span className="hint" id="password-hint">
            At least 10 characters; not a common password and not your e-mail.
          </span>
          {fieldError("password")}
        </label>
        {error && Object.keys(fields).length === 0 && <ErrorNote error={error} />}
        {error && error.status === 409 && (
          <p className="small-text">
            <Link to="/login">Log in</Link> or <Link to="/forgot-password">reset your password</Link>.
          </p>
        )}
        <button className="button" type="submit" disabled={busy} data-testid="register-submit">
          {busy ? "Creating your account…" : "Create account"}
        </button>
      </form>
    </AuthLayout>
  );
}
