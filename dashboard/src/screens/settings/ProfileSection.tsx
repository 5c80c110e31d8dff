import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { Profile } from "../../api/types";
import { useSession } from "../../auth/session";
import { ErrorNote } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatInstantDay } from "../../lib/format";
import { sentence, useAction } from "../organization/useAction";

/** The account's name (editable) and e-mail, with its verification state. */
export function ProfileSection() {
  const { profile, reloadProfile } = useSession();
  const toast = useToast();
  const save = useAction();
  const resend = useAction();
  const [name, setName] = useState(profile?.name ?? "");
  const [sent, setSent] = useState(false);
  useEffect(() => setName(profile?.name ?? ""), [profile?.name]);
  if (!profile) return null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      save.setError("Enter your name.");
      return;
    }
    await save.run(async () => {
      await api<Profile>("/api/v1/auth/me", { method: "PATCH", body: { name: name.trim() } });
      await reloadProfile();
      toast("Your name was saved", "success");
    });
  }

  async function resendLink() {
    const ok = await resend.run(async () => {
      await api("/api/v1/auth/email/resend", { method: "POST" });
    });
    if (ok) {
      setSent(true);
      toast(`We sent a new link to ${profile?.email}`, "success");
    }
  }

  return (
    <section className="card" aria-labelledby="settings-profile">
      <h2 id="settings-profile">Profile</h2>
      <form onSubmit={submit} noValidate className="settings-form">
        <label className="field">
          Your name
          <input
            data-testid="profile-name"
            value={name}
            maxLength={120}
            autoComplete="name"
            onChange={(event) => setName(event.target.value)}
            aria-invalid={save.fields.name ? true : undefined}
          />
          {save.fields.name && <span className="field-error">{sentence(save.fields.name)}</span>}
        </label>
        <ErrorNote error={save.error} />
        <button type="submit" className="button" disabled={save.busy || name.trim() === profile.name} data-testid="profile-save">
          {save.busy ? "Saving…" : "Save name"}
        </button>
      </form>
      <div className="settings-email">
        <h3>E-mail address</h3>
        <p>
          <span className="settings-email-address">{profile.email}</span>{" "}
          {profile.email_verified ? (
            <span className="badge good" data-testid="email-verified">
              Verified
            </span>
          ) : (
            <span className="badge warn" data-testid="email-unverified">
              Not verified yet
            </span>
          )}
        </p>
        {!profile.email_verified && (
          <>
            <p className="hint">
              {sent
                ? "Check your inbox (and spam folder) for the new link. It replaces any earlier one."
                : "Confirm your address with the link we e-mailed you, so you can reset your password if you ever forget it."}
            </p>
            <button type="button" className="button secondary small" onClick={() => void resendLink()} disabled={resend.busy} data-testid="email-resend">
              {resend.busy ? "Sending…" : sent ? "Send the link again" : "Resend verification e-mail"}
            </button>
            <ErrorNote error={resend.error} />
          </>
        )}
        <p className="hint">Account created {formatInstantDay(profile.created_at)}. To use another e-mail address, create a new account and ask to be invited.</p>
      </div>
    </section>
  );
}
