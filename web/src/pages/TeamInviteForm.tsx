// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, NativeSelect, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { addMember, type Member, type Team } from "../api/teams";
import { Notice } from "../components/Notice";
import { Section } from "../components/SectionCard";
import { useI18n } from "../i18n/context";
import { IconUserPlus } from "../icons";
import { assignableRoles, type Role } from "../teams";
import { roleKey, teamError } from "./team-ui";

/** InviteForm adds someone to the team at once (has an account) or makes an invitation link. */
export function InviteForm({
  team,
  myRole,
  onAdded,
  onInvited,
}: {
  team: Team;
  myRole: Role | undefined;
  onAdded: (m: Member) => void;
  onInvited: (email: string, url: string, expires: string, sent: boolean) => void;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const options = assignableRoles(myRole);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await addMember(team.id, email.trim(), role);
    setBusy(false);
    if (!r.ok) return setError(teamError(r.error, t));
    setEmail("");
    setRole("member");
    if ("member" in r.data && r.data.added) onAdded(r.data.member);
    else if ("url" in r.data) onInvited(r.data.invitation.email, r.data.url, r.data.invitation.expires_at, r.data.delivered === "sent");
  };

  return (
    <Section id="invite" icon={<IconUserPlus size={22} />} title={t("teams.invite.title")} lead={t("teams.invite.lead")}>
      <form onSubmit={submit} className="ens-invite-form" data-testid="invite-form">
        <TextInput
          type="email"
          label={t("teams.invite.email")}
          placeholder={t("teams.invite.emailPlaceholder")}
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          required
          spellCheck={false}
          autoComplete="off"
          className="ens-invite-email"
          data-testid="invite-email"
        />
        <NativeSelect label={t("teams.invite.role")} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)} data={options.map((r) => ({ value: r, label: t(roleKey[r]) }))} data-testid="invite-role" />
        <Button type="submit" loading={busy} leftSection={<IconUserPlus size={18} />} data-testid="invite-submit">
          {t("teams.invite.submit")}
        </Button>
      </form>
      {error && (
        <Notice kind="error" testId="invite-error">
          {error}
        </Notice>
      )}
    </Section>
  );
}
