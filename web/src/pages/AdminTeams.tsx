// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Loader, Table } from "@mantine/core";
import { useCallback, useEffect, useState } from "react";
import type { ApiError } from "../api/client";
import { adminListTeams, type Team } from "../api/teams";
import { Notice } from "../components/Notice";
import { describeError, formatDate } from "../format";
import { useI18n } from "../i18n/context";
import { IconUsersGroup } from "../icons";
import { Link } from "../router";

/** AdminTeamsPanel lists every team of the server with its number of members. Site administrators act as owners of every team. */
export function AdminTeamsPanel() {
  const { t, lang } = useI18n();
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    const r = await adminListTeams();
    if (r.ok) {
      setTeams(r.data.teams ?? []);
      setError(null);
    } else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="ens-page-title" data-testid="admin-teams-panel">
      <p className="ens-panel-lead ens-panel-lead-block">{t("admin.teams.lead")}</p>
      {teams === null ? (
        error ? (
          <>
            <Notice kind="error">{describeError(error, t)}</Notice>
            <Button variant="default" mt="sm" onClick={() => void load()}>
              {t("common.retry")}
            </Button>
          </>
        ) : (
          <p className="ens-pending-inline" role="status">
            <Loader size="xs" /> {t("common.loading")}
          </p>
        )
      ) : teams.length === 0 ? (
        <div className="ens-empty" data-testid="admin-teams-empty">
          <span className="ens-empty-icon" aria-hidden="true">
            <IconUsersGroup size={30} />
          </span>
          <div>
            <h2 className="ens-empty-title">{t("admin.teams.emptyTitle")}</h2>
            <p className="ens-empty-body">{t("admin.teams.emptyBody")}</p>
          </div>
        </div>
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
