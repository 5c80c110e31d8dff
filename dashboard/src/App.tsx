import { useEffect, type ReactNode } from "react";
import { useSession } from "./auth/session";
import { AppShell } from "./components/AppShell";
import { PeriodProvider } from "./lib/period";
import { useRouter } from "./lib/router";
import { AcceptInvitationScreen } from "./screens/AcceptInvitation";
import { CashflowScreen } from "./screens/Cashflow";
import { CreateOrganizationScreen } from "./screens/CreateOrganization";
import { ForgotPasswordScreen, ResetPasswordScreen } from "./screens/PasswordReset";
import { LoginScreen } from "./screens/Login";
import { NotFoundScreen } from "./screens/NotFound";
import { OrganizationScreen } from "./screens/Organization";
import { OverviewScreen } from "./screens/Overview";
import { RegisterScreen } from "./screens/Register";
import { ReportsScreen } from "./screens/Reports";
import { RulesScreen } from "./screens/Rules";
import { SettingsScreen } from "./screens/Settings";
import { TransactionsScreen } from "./screens/Transactions";
import { UploadScreen } from "./screens/Upload";
import { VerifyEmailScreen } from "./screens/VerifyEmail";

/** Screens that work without signing in (links from e-mails land here). */
const PUBLIC: Partial<Record<string, () => ReactNode>> = {
  "/login": () => <LoginScreen />,
  "/register": () => <RegisterScreen />,
  "/forgot-password": () => <ForgotPasswordScreen />,
  "/reset-password": () => <ResetPasswordScreen />,
  "/verify-email": () => <VerifyEmailScreen />,
  "/invitations/accept": () => <AcceptInvitationScreen />,
};

/** Screens of the signed-in app, with the title shown in the browser tab. */
const SCREENS: Partial<Record<string, { title: string; render: () => ReactNode }>> = {
  "/": { title: "Overview", render: () => <OverviewScreen /> },
  "/upload": { title: "Upload", render: () => <UploadScreen /> },
  "/transactions": { title: "Transactions", render: () => <TransactionsScreen /> },
  "/cashflow": { title: "Cashflow", render: () => <CashflowScreen /> },
  "/rules": { title: "Rules and categories", render: () => <RulesScreen /> },
  "/reports": { title: "Reports", render: () => <ReportsScreen /> },
  "/organization": { title: "Organisation", render: () => <OrganizationScreen /> },
  "/settings": { title: "Settings", render: () => <SettingsScreen /> },
  "/organizations/new": { title: "New organisation", render: () => <CreateOrganizationScreen /> },
};

export function App() {
  const { state, organizationId } = useSession();
  const { path, query, navigate } = useRouter();
  const publicScreen = PUBLIC[path];
  const screen = SCREENS[path];

  // Signed out (or the session expired) on an app screen: go to login, remembering where the user was.
  useEffect(() => {
    if (state.status === "anonymous" && publicScreen === undefined) {
      const here = window.location.pathname + window.location.search;
      navigate(`/login?next=${encodeURIComponent(here)}${state.reason === "expired" ? "&expired=1" : ""}`, { replace: true });
    }
  }, [state, publicScreen, navigate]);

  // Signed in on the login or register page: continue to where the user was going.
  useEffect(() => {
    if (state.status === "signed-in" && (path === "/login" || path === "/register")) {
      const next = query.get("next");
      navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
    }
  }, [state.status, path, query, navigate]);

  useEffect(() => {
    document.title = `${screen?.title ?? (publicScreen ? "Welcome" : "Not found")} · M-PESA Analytics`;
  }, [screen, publicScreen]);

  if (state.status === "unreachable") {
    return (
      <div className="boot" role="alert">
        <p>M-PESA Analytics is not answering right now. Your session is kept; nothing was lost.</p>
        <button type="button" className="button" onClick={state.retry}>
          Try again
        </button>
      </div>
    );
  }
  if (state.status === "loading") {
    return (
      <div className="boot" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Loading M-PESA Analytics…
      </div>
    );
  }
  if (publicScreen !== undefined) return <>{publicScreen()}</>;
  if (state.status !== "signed-in") return null;
  if (!organizationId && path !== "/settings") {
    return (
      <AppShell>
        <CreateOrganizationScreen first />
      </AppShell>
    );
  }
  return (
    <PeriodProvider key={organizationId ?? "none"}>
      <AppShell>{screen ? screen.render() : <NotFoundScreen />}</AppShell>
    </PeriodProvider>
  );
}
