// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Loader, PasswordInput, TextInput } from "@mantine/core";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import type { ApiError } from "../api/client";
import { listSignInProviders, login, type SignInProvider } from "../api/identity";
import { providerStartPath, readLoginParams, safeReturnTo, type LoginProblem } from "../auth";
import { Notice } from "../components/Notice";
import { rateLimitMessage } from "../format";
import { useI18n } from "../i18n/context";
import { isLanguage, storeLanguage, type MessageKey } from "../i18n/languages";
import { IconLogin } from "../icons";
import { LogoMark } from "../components/Logo";
import { browserStorage } from "../storage";
import { useSession } from "../session-context";
import { PageTitle } from "./PageTitle";

/** loginErrorMessage explains a failed login. */
export function loginErrorMessage(error: ApiError, t: ReturnType<typeof useI18n>["t"]): string {
  if (error.kind === "network") return t("error.network");
  if (error.kind === "http" && error.status === 401) return t("login.errorCredentials");
  if (error.kind === "http" && error.status === 429) return rateLimitMessage(error.retryAfter, t);
  if (error.kind === "http") return t("login.errorServer", { status: error.status });
  return t("error.invalid");
}

/** loginProblemMessage is the text that explains a problem the login page was sent back with. */
export function loginProblemMessage(problem: LoginProblem): { title: MessageKey; body: MessageKey } {
  if (problem.kind === "flow") return { title: "login.flowTitle", body: "login.flowBody" };
  return { title: "login.upstreamTitle", body: `login.upstream.${problem.reason}` };
}

/** useSignInProviders loads the "Sign in with …" buttons; none while loading or if the call fails. */
function useSignInProviders(): SignInProvider[] {
  const [providers, setProviders] = useState<SignInProvider[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    listSignInProviders({ signal: controller.signal }).then(
      (r) => {
        if (r.ok && Array.isArray(r.data?.providers)) setProviders(r.data.providers.filter((p) => typeof p.start === "string" && p.start.startsWith("/") && !p.start.startsWith("//")));
      },
      () => undefined,
    );
    return () => controller.abort();
  }, []);
  return providers;
}

/**
 * Login is the sign-in page. Its form is a real form that posts to /login,
 * so it works without scripts; with them, it posts JSON and explains
 * failures in place, then loads the page it was asked to return to.
 */
export function Login() {
  const { t } = useI18n();
  const { state } = useSession();
  const { returnTo, loggedOut, problem } = useMemo(() => readLoginParams(window.location.search), []);
  const providers = useSignInProviders();
  const problemText = problem ? loginProblemMessage(problem) : null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const result = await login(String(form.get("email") ?? ""), String(form.get("password") ?? ""), returnTo);
    if (result.ok) {
      const locale = result.data?.user?.locale;
      if (isLanguage(locale)) storeLanguage(browserStorage(), locale);
      window.location.assign(safeReturnTo(result.data?.redirect ?? returnTo));
      return;
    }
    setBusy(false);
    setPassword("");
    setError(loginErrorMessage(result.error, t));
    passwordRef.current?.focus();
  };

  return (
    <div className="ens-auth-page">
      <PageTitle title={t("login.docTitle")} />
      <div className="ens-auth-card ens-card" data-testid="login-page">
        <div className="ens-auth-brand" aria-hidden="true">
          <LogoMark size={40} />
        </div>
        <h1 id="ens-page-title" className="ens-auth-title" tabIndex={-1}>
          {t("login.title")}
        </h1>
        <p className="ens-auth-lead">{t("login.lead")}</p>

        {loggedOut && !error && (
          <Notice kind="success" title={t("login.loggedOutTitle")} testId="logged-out">
            {t("login.loggedOutBody")}
          </Notice>
        )}
        {state.status === "signed-in" && (
          <Notice kind="info" testId="already-signed-in">
            {t("login.already", { name: state.user.name })}{" "}
            <a href={returnTo} className="ens-inline-link">
              {t("login.continue")}
            </a>
          </Notice>
        )}
        {problemText && !error && (
          <Notice kind="error" title={t(problemText.title)} testId="login-problem">
            {t(problemText.body)}
          </Notice>
        )}
        {error && (
          <Notice kind="error" title={t("login.errorTitle")} testId="login-error">
            {error}
          </Notice>
        )}

        <form method="post" action="/login" onSubmit={submit} className="ens-form" data-testid="login-form">
          <input type="hidden" name="return_to" value={returnTo} />
          <TextInput name="email" type="email" label={t("login.email")} autoComplete="username" required autoFocus size="md" spellCheck={false} data-testid="login-email" />
          <PasswordInput
            ref={passwordRef}
            name="password"
            label={t("login.password")}
            autoComplete="current-password"
            required
            size="md"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="login-password"
          />
          <Button type="submit" size="md" fullWidth disabled={busy} aria-disabled={busy} leftSection={busy ? <Loader size="xs" color="currentColor" /> : null} data-testid="login-submit" data-busy={busy}>
            {busy ? t("login.submitting") : t("login.submit")}
          </Button>
        </form>
        {providers.length > 0 && (
          <section className="ens-auth-providers" aria-labelledby="ens-providers-title" data-testid="login-providers">
            <h2 id="ens-providers-title" className="ens-auth-or">
              <span>{t("login.providersTitle")}</span>
            </h2>
            <ul className="ens-auth-provider-list">
              {providers.map((p) => (
                <li key={p.id}>
                  <Button component="a" href={providerStartPath(p.start, returnTo)} variant="default" size="md" fullWidth leftSection={<IconLogin size={18} />} data-testid="login-provider">
                    {t("login.providerButton", { name: p.name })}
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <p className="ens-auth-foot">{t("login.forgot")}</p>
      </div>
    </div>
  );
}
