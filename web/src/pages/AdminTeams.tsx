// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Table } from "@mantine/core";
import type { ApiResult } from "../api/client";
import { adminListTeams, type Team } from "../api/teams";
import { EmptyState, ListState } from "../components/ListState";
import { formatDate } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useI18n } from "../i18n/context";
import { IconUsersGroup } from "../icons";
import { Link } from "../router";

const loadTeams = async (): Promise<ApiResult<Team[]>> => {
  const r = await adminListTeams();
  return r.ok ? { ok: true, data: r.data.teams ?? [] } : r;
};

/** AdminTeamsPanel lists every team of the server with its number of members. Site administrators act as owners of every team. */
export function AdminTeamsPanel() {
  const { t, lang } = useI18n();
  const { data: teams, error, reload } = useApiResource(loadTeams);

  return (
    <section aria-labelledby="ens-page-title" data-testid="admin-teams-panel">
      <p className="ens-panel-lead ens-panel-lead-block">{t("admin.teams.lead")}</p>
      {teams === null ? (
        <ListState error={error} retry={reload} />
      ) : teams.length === 0 ? (
        <EmptyState icon={<IconUsersGroup size={30} />} title={t("admin.teams.emptyTitle")} body={t("admin.teams.emptyBody")} className="ens-empty" testId="admin-teams-empty" />
      ) : (
        <div className="ens-card ens-table-card">
          <Table.ScrollContainer minWidth={640}>
            <Table className="ens-table" verticalSpacing="sm" aria-label={t("admin.teams.listLabel")} data-testid="admin-team-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("admin.teams.colName")}</Table.Th>
                  <Table.Th scope="col" className="ens-num">{t("admin.teams.colMembers")}</Table.Th>
                  <Table.Th scope="col">{t("admin.teams.colCreated")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {teams.map((team) => (
                  <Table.Tr key={team.id} data-testid="admin-team-row" data-name={team.name}>
                    <Table.Th scope="row">
                      <span className="ens-cell-stack">
                        <Link href={`/teams/${encodeURIComponent(team.id)}`} className="ens-cell-strong ens-table-link">
                          {team.name}
                        </Link>
                        {team.description && <span className="ens-cell-muted ens-clamp">{team.description}</span>}
                      </span>
                    </Table.Th>
                    <Table.Td className="ens-num" data-testid="admin-team-members">
                      {team.members ?? 0}
                    </Table.Td>
                    <Table.Td>{formatDate(team.created_at, lang)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
    </section>
  );
}
