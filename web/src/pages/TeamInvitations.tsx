// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button } from "@mantine/core";
import type { User } from "../api/identity";
import { revokeInvitation, type Invitation, type Member } from "../api/teams";
import type { ConfirmRequest } from "../components/ConfirmDialog";
import { Section } from "../components/SectionCard";
import { formatDateTime } from "../format";
import { useI18n } from "../i18n/context";
import { IconMail } from "../icons";
import { canRevokeInvitation, type Role } from "../teams";
import { roleKey, teamError, type Notice } from "./team-ui";

/** InvitationsSection lists a team's pending invitations, for those who manage members; each may be revoked after a confirmation. */
export function InvitationsSection({
  invitations,
  members,
  me,
  myRole,
  ask,
  setNotice,
  setShown,
  load,
}: {
  invitations: Invitation[];
  members: Member[];
  me: User;
  myRole: Role | undefined;
  ask: (request: ConfirmRequest) => void;
  setNotice: (notice: Notice | null) => void;
  setShown: (shown: null) => void;
  load: () => Promise<void>;
}) {
  const { t, lang } = useI18n();
  return (
    <Section id="invitations" icon={<IconMail size={22} />} title={t("teams.pending.title")} lead={t("teams.pending.lead")}>
      <ul className="ens-invitation-list" data-testid="invitation-list">
        {invitations.map((inv) => {
          const mine = inv.invited_by === me.id;
          // The sender, when still in the team (a site administrator may not be).
          const inviter = members.find((m) => m.user_id === inv.invited_by)?.name;
          const sentBy = mine ? t("teams.pending.byYou") : inviter ? t("teams.pending.by", { name: inviter }) : null;
          return (
            <li key={inv.id} className="ens-invitation" data-testid="invitation-row" data-email={inv.email}>
              <span className="ens-invitation-body">
                <span className="ens-cell-strong">{inv.email}</span>
                <span className="ens-cell-muted" data-testid="invitation-meta">
                  {[t(roleKey[inv.role]), sentBy, t("teams.pending.expires", { date: formatDateTime(inv.expires_at, lang) })]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </span>
              {canRevokeInvitation(myRole, inv.role, mine, me.admin) && (
                <Button
                  variant="default"
                  size="xs"
                  aria-label={t("teams.pending.revokeLabel", { email: inv.email })}
                  data-testid="invitation-revoke"
                  onClick={() =>
                    ask({
                      title: t("teams.pending.revokeTitle", { email: inv.email }),
                      body: t("teams.pending.revokeBody"),
                      confirm: t("teams.pending.revoke"),
                      danger: true,
                      run: async () => {
                        const r = await revokeInvitation(inv.id);
                        if (!r.ok) return teamError(r.error, t);
                        setShown(null);
                        setNotice({ kind: "success", text: t("teams.pending.revoked", { email: inv.email }) });
                        await load();
                        return null;
                      },
                    })
                  }
                >
                  {t("teams.pending.revoke")}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
