import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { api } from "../../api/client";
import type { MFAEnrolment, RecoveryCodes } from "../../api/accountTypes";
import { useSession } from "../../auth/session";
import { ErrorNote } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { sentence, useAction } from "../organization/useAction";
import { CopyButton } from "./CopyBox";

/** The secret in groups of four, as authenticator apps show it for typing in by hand. */
function grouped(secret: string): string {
  return secret.replace(/\s+/g, "").replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * The key to type into an authenticator app: the `secret` of the otpauth:// URL (what a QR code would carry). The
 * enrolment's own `secret` field is not always the same encoding (see the report), so the URL is the reference.
 */
export function setupKey(enrolment: MFAEnrolment): string {
  try {
    const query = enrolment.otpauth_url.slice(enrolment.otpauth_url.indexOf("?") + 1);
    const fromUrl = new URLSearchParams(query).get("secret");
    if (fromUrl) return fromUrl.toUpperCase();
  } catch {
    /* fall back to the field */
  }
  return enrolment.secret;
}

/** Two-factor authentication with an authenticator app: set up (secret, confirm a code, recovery codes once), turn off. */
export function MFASection() {
  const { profile, reloadProfile } = useSession();
  const toast = useToast();
  const action = useAction();
  const [enrolment, setEnrolment] = useState<MFAEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState("");
  const [disabling, setDisabling] = useState(false);
  const [password, setPassword] = useState("");
  const [useRecovery, setUseRecovery] = useState(false);
  const codesRef = useRef<HTMLOListElement>(null);
  const keyRef = useRef<HTMLDivElement>(null);
  if (!profile) return null;
  const enabled = profile.mfa_enabled;

  async function start() {
    await action.run(async () => {
      setEnrolment(await api<MFAEnrolment>("/api/v1/auth/mfa/enroll", { method: "POST" }));
      setCode("");
    });
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    const digits = code.replace(/\D/g, "");
    if (digits.length !== 6) {
      action.setError("Enter the 6-digit code your authenticator app shows now.");
      return;
    }
    await action.run(async () => {
      const answer = await api<RecoveryCodes>("/api/v1/auth/mfa/enable", { body: { code: digits } });
      setCodes(answer.recovery_codes);
      setEnrolment(null);
      setCode("");
      toast("Two-step verification is on", "success");
      await reloadProfile();
    });
  }

  async function disable(event: FormEvent) {
    event.preventDefault();
    const body = useRecovery ? { password, recovery_code: code.trim() } : { password, code: code.replace(/\D/g, "") };
    const ok = await action.run(async () => {
      await api("/api/v1/auth/mfa/disable", { body });
      await reloadProfile();
      toast("Two-step verification is off", "info");
    });
    if (ok) {
      setDisabling(false);
      setPassword("");
      setCode("");
    }
  }

  function downloadCodes(list: string[]) {
    const text = `M-PESA Analytics recovery codes for ${profile?.email}\nEach code works once.\n\n${list.join("\n")}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = "mpesa-analytics-recovery-codes.txt";
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  let body: ReactNode;
  if (codes) {
    body = (
      <div className="mfa-codes" data-testid="mfa-recovery-codes">
        <p className="note note-warning" role="alert">
          <strong>Save these recovery codes now.</strong> They will not be shown again. If you lose your phone, each code lets you log in once.
        </p>
        <ol className="recovery-list" ref={codesRef}>
          {codes.map((item) => (
            <li key={item}>
              <code>{item}</code>
            </li>
          ))}
        </ol>
        <div className="row">
          <CopyButton text={codes.join("\n")} label="Recovery codes" target={codesRef} buttonText="Copy all codes" />
          <button type="button" className="button secondary" onClick={() => downloadCodes(codes)}>
            Download as a text file
          </button>
          <button type="button" className="button" onClick={() => setCodes(null)} data-testid="mfa-codes-done">
            I have saved my codes
          </button>
        </div>
      </div>
    );
  } else if (enabled) {
    body = (
      <>
        <p>
          <span className="badge good">On</span> When you log in, we also ask for the code from your authenticator app.
        </p>
        {!disabling ? (
          <button type="button" className="button secondary" onClick={() => { setDisabling(true); action.reset(); }} data-testid="mfa-disable-start">
            Turn off two-step verification
          </button>
        ) : (
          <form onSubmit={disable} noValidate className="settings-form" data-testid="mfa-disable-form">
            <input type="text" autoComplete="username" className="visually-hidden" tabIndex={-1} aria-hidden="true" readOnly value={profile.email} />
            <p className="note note-warning">Without it, anyone who learns your password can log in to your account.</p>
            <label className="field">
              Your password
              <input type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} aria-invalid={action.fields.password ? true : undefined} />
              {action.fields.password && <span className="field-error">{sentence(action.fields.password)}</span>}
            </label>
            <label className="field">
              {useRecovery ? "A recovery code" : "Code from your authenticator app"}
              <input
                value={code}
                inputMode={useRecovery ? "text" : "numeric"}
                autoComplete="one-time-code"
                maxLength={useRecovery ? 40 : 7}
                onChange={(event) => setCode(event.target.value)}
                aria-invalid={action.fields.code || action.fields.recovery_code ? true : undefined}
              />
              {(action.fields.code || action.fields.recovery_code) && <span className="field-error">{sentence(action.fields.code ?? action.fields.recovery_code)}</span>}
            </label>
            <p>
              <button type="button" className="button link" onClick={() => { setUseRecovery(!useRecovery); setCode(""); }}>
                {useRecovery ? "Use the authenticator code instead" : "No phone? Use a recovery code"}
              </button>
            </p>
            <ErrorNote error={action.error} />
            <div className="row">
              <button type="submit" className="button danger" disabled={action.busy || !password || !code.trim()} data-testid="mfa-disable-submit">
                {action.busy ? "Turning off…" : "Turn off"}
              </button>
              <button type="button" className="button secondary" onClick={() => { setDisabling(false); action.reset(); }} disabled={action.busy}>
                Keep it on
              </button>
            </div>
          </form>
        )}
      </>
    );
  } else if (enrolment) {
    body = (
      <div className="mfa-enrol">
        <ol className="mfa-steps">
          <li>
            <strong>Open an authenticator app</strong> on your phone, such as Google Authenticator, Microsoft Authenticator or Authy.
          </li>
          <li>
            <strong>Add this account.</strong> Choose &ldquo;Enter a setup key&rdquo; and type this key (time-based):
            <div className="mfa-key">
              <div className="mfa-secret" data-testid="mfa-secret" ref={keyRef}>
                {grouped(setupKey(enrolment))}
              </div>
              <CopyButton text={setupKey(enrolment)} label="Setup key" target={keyRef} buttonText="Copy key" />
            </div>
            <p className="hint">
              On this phone? <a href={enrolment.otpauth_url}>Open the key in your authenticator app</a>. The full setup link, for apps that accept one:
            </p>
            <code className="mfa-uri">{enrolment.otpauth_url}</code>
          </li>
          <li>
            <strong>Enter the 6-digit code</strong> the app now shows for M-PESA Analytics:
            <form onSubmit={confirm} noValidate className="mfa-confirm">
              <label className="field">
                <span className="visually-hidden">6-digit code</span>
                <input
                  value={code}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9 ]*"
                  maxLength={7}
                  placeholder="123456"
                  onChange={(event) => setCode(event.target.value)}
                  aria-invalid={action.fields.code ? true : undefined}
                  data-testid="mfa-code"
                />
                {action.fields.code && <span className="field-error">{sentence(action.fields.code)}</span>}
              </label>
              <button type="submit" className="button" disabled={action.busy} data-testid="mfa-enable">
                {action.busy ? "Checking…" : "Turn on"}
              </button>
              <button type="button" className="button secondary" onClick={() => { setEnrolment(null); action.reset(); }} disabled={action.busy}>
                Cancel
              </button>
            </form>
          </li>
        </ol>
        <ErrorNote error={action.error} />
      </div>
    );
  } else {
    body = (
      <>
        <p>
          <span className="badge warn">Off</span> Protect your business data with a second step at login: a code from an app on your phone, so a stolen
          password is not enough.
        </p>
        <ErrorNote error={action.error} />
        <button type="button" className="button" onClick={() => void start()} disabled={action.busy} data-testid="mfa-start">
          {action.busy ? "Starting…" : "Set up two-step verification"}
        </button>
      </>
    );
  }

  return (
    <section className="card" aria-labelledby="settings-mfa" data-testid="mfa-section">
      <h2 id="settings-mfa">Two-step verification</h2>
      {body}
    </section>
  );
}
