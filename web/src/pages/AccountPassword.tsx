// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, PasswordInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { changePassword } from "../api/identity";
import { Notice } from "../components/Notice";
import { Section } from "../components/SectionCard";
import { describeError, passwordRules } from "../format";
import { useI18n } from "../i18n/context";
import { IconLock } from "../icons";

/** PasswordSection changes the signed-in person's password. */
export function PasswordSection() {
  const { t } = useI18n();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const rules = { min: passwordRules.min, max: passwordRules.max };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    if (next !== confirm) {
      setMessage({ kind: "error", text: t("account.password.mismatch") });
      return;
    }
    if (next.length < rules.min || next.length > rules.max) {
      setMessage({ kind: "error", text: t("account.password.weak", rules) });
      return;
    }
    setBusy(true);
    const result = await changePassword(current, next);
    setBusy(false);
    if (result.ok) {
      setCurrent("");
      setNext("");
      setConfirm("");
      setMessage({ kind: "success", text: t("account.password.changed") });
      return;
    }
    const code = result.error.kind === "http" ? result.error.code : undefined;
    setMessage({
      kind: "error",
      text: code === "wrong_password" ? t("account.password.wrong") : code === "weak_password" ? t("account.password.weak", rules) : describeError(result.error, t),
    });
  };

  return (
    <Section id="password" icon={<IconLock size={22} />} title={t("account.password.title")}>
      <form onSubmit={submit} className="ens-form ens-form-narrow" data-testid="password-form">
        {/* Lets password managers know whose password this is. */}
        <PasswordInput label={t("account.password.current")} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" required data-testid="password-current" />
        <PasswordInput
          label={t("account.password.new")}
          description={t("account.password.help", rules)}
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          autoComplete="new-password"
          required
          minLength={rules.min}
          maxLength={rules.max}
          data-testid="password-new"
        />
        <PasswordInput label={t("account.password.confirm")} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} autoComplete="new-password" required data-testid="password-confirm" />
        {message && (
          <Notice kind={message.kind} testId="password-message">
            {message.text}
          </Notice>
        )}
        <div>
          <Button type="submit" loading={busy} data-testid="password-submit">
            {t("account.password.submit")}
          </Button>
        </div>
      </form>
    </Section>
  );
}
