// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, PasswordInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { resetPassword } from "../api/identity";
import { signInPath } from "../auth";
import { LogoMark } from "../components/Logo";
import { Notice } from "../components/Notice";
import { describeError, passwordRules } from "../format";
import { useI18n } from "../i18n/context";
import { PageTitle } from "./PageTitle";

/** ResetPassword is where the link an administrator hands over lets a user choose a password. */
export function ResetPassword({ token }: { token: string }) {
  const { t } = useI18n();
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [doneEmail, setDoneEmail] = useState<string | null>(null);
  const rules = { min: passwordRules.min, max: passwordRules.max };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (next !== confirm) return setError(t("account.password.mismatch"));
    if (next.length < rules.min || next.length > rules.max) return setError(t("account.password.weak", rules));
    setBusy(true);
    const result = await resetPassword(token, next);
    setBusy(false);
    if (result.ok) {
      setDoneEmail(result.data.email);
      return;
    }
    const code = result.error.kind === "http" ? result.error.code : undefined;
    setError(code === "invalid_link" ? t("reset.invalid") : code === "weak_password" ? t("account.password.weak", rules) : describeError(result.error, t));
  };

  return (
    <div className="ens-auth-page">
      <PageTitle title={t("reset.docTitle")} />
      <div className="ens-auth-card ens-card" data-testid="reset-page">
        <div className="ens-auth-brand" aria-hidden="true">
          <LogoMark size={40} />
        </div>
        <h1 id="ens-page-title" className="ens-auth-title" tabIndex={-1}>
          {t("reset.title")}
        </h1>
        {doneEmail ? (
          <>
            <Notice kind="success" title={t("reset.doneTitle")} testId="reset-done">
              {t("reset.doneBody", { email: doneEmail })}
            </Notice>
            {/* A full page load: the login page starts clean. */}
            <Button component="a" href={signInPath("/")} size="md" fullWidth mt="lg">
              {t("user.signIn")}
            </Button>
          </>
        ) : (
          <>
            <p className="ens-auth-lead">{t("reset.lead")}</p>
            {error && (
              <Notice kind="error" testId="reset-error">
                {error}
              </Notice>
            )}
            <form onSubmit={submit} className="ens-form">
              <PasswordInput
                label={t("account.password.new")}
                description={t("account.password.help", rules)}
                value={next}
                onChange={(e) => setNext(e.currentTarget.value)}
                autoComplete="new-password"
                required
                minLength={rules.min}
                maxLength={rules.max}
                size="md"
                autoFocus
                data-testid="reset-new"
              />
              <PasswordInput label={t("account.password.confirm")} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} autoComplete="new-password" required size="md" data-testid="reset-confirm" />
              <Button type="submit" size="md" fullWidth loading={busy} data-testid="reset-submit">
                {t("reset.submit")}
              </Button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}
