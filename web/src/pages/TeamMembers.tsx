// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, NativeSelect, Table } from "@mantine/core";
import type { User } from "../api/identity";
import { removeMember, setMemberRole, type Member, type Team } from "../api/teams";
import { initials } from "../auth";
import type { ConfirmRequest } from "../components/ConfirmDialog";
import { Section } from "../components/SectionCard";
import { formatDate } from "../format";
import { useI18n } from "../i18n/context";
import { IconUsers } from "../icons";
import { assignableRoles, canChangeRole, canRemove, ownerCount, type Role } from "../teams";
import { RoleTag, roleKey, teamError, type Notice } from "./team-ui";

/** MembersSection is the members table of a team's page: roles changed in place, members removed after a confirmation. */
export function MembersSection({
  team,
  members,
  me,
  myRole,
  manage,
  ask,
  setNotice,
  load,
}: {
  team: Team;
  members: Member[];
  me: User;
  myRole: Role | undefined;
  manage: boolean;
  ask: (request: ConfirmRequest) => void;
  setNotice: (notice: Notice | null) => void;
  load: () => Promise<void>;
}) {
  const { t, lang } = useI18n();
  return (
    <Section id="members" icon={<IconUsers size={22} />} title={t("teams.members.title")} lead={manage ? t("teams.members.leadManage") : t("teams.members.lead")}>
      <div className="ens-table-card ens-table-card-flat">
        <Table.ScrollContainer minWidth={620}>
          <Table className="ens-table" verticalSpacing="sm" aria-label={t("teams.members.listLabel")} data-testid="member-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("teams.members.colPerson")}</Table.Th>
                <Table.Th scope="col">{t("teams.members.colRole")}</Table.Th>
                <Table.Th scope="col">{t("teams.members.colAdded")}</Table.Th>
                <Table.Th scope="col">
                  <span className="ens-visually-hidden">{t("teams.members.colActions")}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.map((m) => {
                const self = m.user_id === me.id;
                // The only owner keeps the role (the server refuses otherwise): no choice to offer.
                const soleOwner = m.role === "owner" && ownerCount(members) === 1;
                const options = soleOwner ? [] : assignableRoles(myRole, m.role).filter((r) => r === m.role || canChangeRole(myRole, m.role, r));
                return (
                  <Table.Tr key={m.user_id} data-testid="member-row" data-email={m.email} data-role={m.role}>
                    <Table.Th scope="row" className="ens-cell-user">
                      <span className="ens-avatar ens-avatar-initials" aria-hidden="true" data-initials={initials(m.name, m.email)} />
                      <span className="ens-cell-user-text">
                        <span className="ens-cell-strong">
                          {m.name}
                          {self && <span className="ens-you"> ({t("admin.users.you")})</span>}
                        </span>
                        <span className="ens-cell-muted">{m.email}</span>
                      </span>
                    </Table.Th>
                    <Table.Td>
                      {options.length > 1 ? (
                        <NativeSelect
                          size="xs"
                          aria-label={t("teams.members.roleOf", { name: m.name })}
                          value={m.role}
                          data={options.map((r) => ({ value: r, label: t(roleKey[r]) }))}
                          className="ens-role-select"
                          data-testid="member-role"
                          onChange={async (e) => {
                            const role = e.currentTarget.value as Role;
                            setNotice(null);
                            const r = await setMemberRole(team.id, m.user_id, role);
                            if (!r.ok) setNotice({ kind: "error", text: teamError(r.error, t) });
                            else setNotice({ kind: "success", text: t("teams.members.roleChanged", { name: m.name, role: t(roleKey[role]) }) });
                            await load();
                          }}
                        />
                      ) : (
                        <RoleTag role={m.role} />
                      )}
                    </Table.Td>
                    <Table.Td>{formatDate(m.added_at, lang)}</Table.Td>
                    <Table.Td className="ens-cell-actions">
                      {!self && canRemove(myRole, m.role, false) && (
                        <Button
                          variant="default"
                          size="xs"
                          aria-label={t("teams.members.removeLabel", { name: m.name })}
                          data-testid="member-remove"
                          onClick={() =>
                            ask({
                              title: t("teams.members.removeTitle", { name: m.name, team: team.name }),
                              body: t("teams.members.removeBody"),
                              confirm: t("teams.members.remove"),
                              danger: true,
                              run: async () => {
                                const r = await removeMember(team.id, m.user_id);
                                if (!r.ok) return teamError(r.error, t);
                                setNotice({ kind: "success", text: t("teams.members.removed", { name: m.name }) });
                                await load();
                                return null;
                              },
                            })
                          }
                        >
                          {t("teams.members.remove")}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </div>
    </Section>
  );
}
