// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Checkbox, NativeSelect, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { updateMe, type User } from "../api/identity";
import { Notice } from "../components/Notice";
import { Section } from "../components/SectionCard";
import { describeError } from "../format";
import { useI18n } from "../i18n/context";
import { isLanguage, languageNames, languages } from "../i18n/languages";
import { IconUser } from "../icons";
import { useSession } from "../session-context";

/** ProfileSection changes the signed-in person's name, language and whether they get notifications by email. */
export function ProfileSection({ user }: { user: User }) {
  const { t, setLang } = useI18n();
  const { setUser } = useSession();
  const [name, setName] = useState(user.name);
  const [locale, setLocale] = useState(user.locale);
  const [emailNotifications, setEmailNotifications] = useState(user.email_notifications !== false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const result = await updateMe({ name, locale, email_notifications: emailNotifications });
    setBusy(false);
    if (!result.ok) {
      setMessage({ kind: "error", text: describeError(result.error, t) });
      return;
    }
    setUser(result.data.user);
    if (isLanguage(result.data.user.locale)) setLang(result.data.user.locale);
    setMessage({ kind: "success", text: "account.profile.saved" });
  };

  return (
    <Section id="profile" icon={<IconUser size={22} />} title={t("account.profile.title")}>
      <form onSubmit={submit} className="ens-form ens-form-narrow">
        <TextInput label={t("account.profile.email")} description={t("account.profile.emailHelp")} value={user.email} readOnly variant="filled" />
        <TextInput label={t("account.profile.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} autoComplete="name" data-testid="profile-name" />
        <NativeSelect
          label={t("account.profile.language")}
          value={locale}
          onChange={(e) => setLocale(e.currentTarget.value)}
          data={[{ value: "", label: t("account.profile.languageAuto") }, ...languages.map((l) => ({ value: l, label: languageNames[l] }))]}
          data-testid="profile-language"
        />
        <Checkbox
          label={t("account.profile.emailNotifications")}
          description={t("account.profile.emailNotificationsHelp")}
          checked={emailNotifications}
          onChange={(e) => setEmailNotifications(e.currentTarget.checked)}
          data-testid="profile-email-notifications"
        />
        {message && <Notice kind={message.kind}>{message.kind === "success" ? t("account.profile.saved") : message.text}</Notice>}
        <div>
          <Button type="submit" loading={busy} data-testid="profile-save">
            {t("account.profile.save")}
          </Button>
        </div>
      </form>
    </Section>
  );
}
