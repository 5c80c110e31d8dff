import { useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import { ApiError } from "../api/problem";
import { useSession } from "../auth/session";
import { Link, useRouter } from "../lib/router";
import { AuthLayout } from "./AuthLayout";

/** The landing page of the verification link e-mailed at sign-up (`/verify-email?token=…`). */
export function VerifyEmailScreen() {
  const { query } = useRouter();
  const { state, reloadProfile } = useSession();
  const token = query.get("token") ?? "";
  const [outcome, setOutcome] = useState<"checking" | "verified" | ApiError>("checking");
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (!token) {
      setOutcome(new ApiError({ type: "client", title: "This link has no token", status: 400, detail: "Open the link from the e-mail exactly as it was sent." }));
      return;
    }
    api("/api/v1/auth/email/verify", { body: { token }, anonymous: true })
      .then(() => {
        setOutcome("verified");
        if (state.status === "signed-in") void reloadProfile();
      })
      .catch((error: unknown) => setOutcome(error instanceof ApiError ? error : new ApiError({ type: "network", title: String(error), status: 0 })));
  }, [token, state.status, reloadProfile]);

  return (
    <AuthLayout title="Confirm your e-mail" footer={<Link to="/">Go to the dashboard</Link>}>
      {outcome === "checking" && (
        <p aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Confirming…
        </p>
      )}
      {outcome === "verified" && (
        <p className="note note-success" data-testid="email-verified">
          Thank you: your e-mail address is confirmed.
        </p>
      )}
      {outcome instanceof ApiError && (
        <div className="note note-error" role="alert">
          <p>{outcome.status === 422 ? "This link has expired or was already used." : outcome.friendly}</p>
          <p className="small-text">Log in and ask for a new link from Settings → Profile.</p>
        </div>
      )}
    </AuthLayout>
  );
}
