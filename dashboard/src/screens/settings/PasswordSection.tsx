import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { useSession } from "../../auth/session";
import { useToast } from "../../components/Toasts";
import { ErrorNote } from "../../components/Section";
import { sentence, useAction } from "../organization/useAction";

/** Change the password: the current one and a new one (the API's policy decides what is strong enough). */
export function PasswordSection() {
  const { profile } = useSession();
  const toast = useToast();
  const action = useAction();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  // The API names the new password `password` in its weak-password problem.
  const newError = action.fields.new_password ?? action.fields.password;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (next !== repeat) {
      action.reset();
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const ok = await action.run(async () => {
      await api("/api/v1/auth/password/change", { body: { current_password: current, new_password: next } });
    });
    if (ok) {
      setCurrent("");
      setNext("");
      setRepeat("");
      setDone(true);
      toast("Password changed", "success");
    }
  }

  return (
    <section className="card" aria-labelledby="settings-password">
      <h2 id="settings-password">Password</h2>
      <form onSubmit={submit} noValidate className="settings-form" data-testid="password-form">
        {/* Lets password managers tie the new password to the account. */}
        <input type="text" autoComplete="username" className="visually-hidden" tabIndex={-1} aria-hidden="true" readOnly value={profile?.email ?? ""} />
        <label className="field">
          Current password
          <input
            type="password"
            id="current-password"
            autoComplete="current-password"
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            aria-invalid={action.fields.current_password ? true : undefined}
            aria-describedby={action.fields.current_password ? "current-password-error" : undefined}
          />
          {action.fields.current_password && (
            <span className="field-error" id="current-password-error" data-testid="current-password-error">
              {sentence(action.fields.current_password)}
            </span>
          )}
        </label>
        <label className="field">
          New password
          <input
            type="password"
            id="new-password"
            autoComplete="new-password"
            value={next}
            onChange={(event) => setNext(event.target.value)}
            aria-invalid={newError ? true : undefined}
            aria-describedby="new-password-hint"
          />
          <span className="hint" id="new-password-hint">
            At least 10 characters. Not a common password, and not containing your e-mail address.
          </span>
          {newError && (
            <span className="field-error" data-testid="new-password-error">
              {sentence(newError)}
            </span>
          )}
        </label>
        <label className="field">
          Repeat the new password
          <input
            type="password"
            id="repeat-password"
            autoComplete="new-password"
            value={repeat}
            onChange={(event) => {
              setRepeat(event.target.value);
              setMismatch(false);
            }}
            aria-invalid={mismatch ? true : undefined}
          />
          {mismatch && <span className="field-error">The two new passwords are not the same.</span>}
        </label>
        <ErrorNote error={action.error} />
        {done && <p className="note note-success">Your password was changed. Other devices were logged out and must log in with the new password.</p>}
        <button type="submit" className="button" disabled={action.busy || !current || !next || !repeat} data-testid="password-submit">
          {action.busy ? "Changing…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
