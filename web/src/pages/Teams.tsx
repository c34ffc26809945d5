// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button } from "@mantine/core";
import { useState } from "react";
import type { ApiResult } from "../api/client";
import { listMyTeams, type Team } from "../api/teams";
import { initials } from "../auth";
import { EmptyState, ListState } from "../components/ListState";
import { RequireUser } from "../components/RequireUser";
import { useApiResource } from "../hooks/useApiResource";
import { useI18n } from "../i18n/context";
import { IconChevronRight, IconPlus, IconUsersGroup } from "../icons";
import { Link, navigate } from "../router";
import { PageHeading } from "./PageHeading";
import { PageTitle } from "./PageTitle";
import { TeamDialog } from "./TeamDialog";
import { RoleTag } from "./team-ui";

export { TeamPage } from "./TeamView";

/** Teams is /teams: the teams I am in, and a way to create one. */
export function Teams() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t("teams.docTitle")} />
      <RequireUser>{() => <TeamList />}</RequireUser>
    </>
  );
}

const loadTeams = async (): Promise<ApiResult<Team[]>> => {
  const r = await listMyTeams();
  return r.ok ? { ok: true, data: r.data.teams ?? [] } : r;
};

function TeamList() {
  const { t } = useI18n();
  const { data: teams, error, reload } = useApiResource(loadTeams);
  const [creating, setCreating] = useState(false);

  const createButton = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)} data-testid="team-create-open">
      {t("teams.create")}
    </Button>
  );

  return (
    <>
      <PageHeading title={t("teams.title")} lead={t("teams.lead")} />
      <div className="ens-container ens-teams" data-testid="teams-page">
        {teams === null ? (
          <ListState error={error} retry={reload} />
        ) : teams.length === 0 ? (
          <EmptyState icon={<IconUsersGroup size={30} />} title={t("teams.emptyTitle")} body={t("teams.emptyBody")} className="ens-empty ens-empty-cta" testId="teams-empty">
            <div className="ens-empty-actions">{createButton}</div>
          </EmptyState>
        ) : (
          <>
            <div className="ens-toolbar">
              <h2 className="ens-section-title ens-section-title-flush">{t("teams.mine", { count: teams.length })}</h2>
              {createButton}
            </div>
            <ul className="ens-team-grid" aria-label={t("teams.listLabel")} data-testid="team-list">
              {teams.map((team) => (
                <li key={team.id}>
                  <Link href={`/teams/${encodeURIComponent(team.id)}`} className="ens-card ens-team-card" data-testid="team-card" data-name={team.name}>
                    <span className="ens-team-card-head">
                      <span className="ens-team-mark" aria-hidden="true" data-initials={initials(team.name)} />
                      <span className="ens-team-card-name">{team.name}</span>
                      <IconChevronRight size={18} className="ens-team-card-chevron" />
                    </span>
                    <span className="ens-team-card-description">{team.description || t("teams.noDescription")}</span>
                    {team.role && (
                      <span className="ens-team-card-foot">
                        <span className="ens-visually-hidden">{t("teams.yourRole")} </span>
                        <RoleTag role={team.role} />
                      </span>
                    )}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {creating && (
        <TeamDialog
          team={null}
          onClose={() => setCreating(false)}
          onSaved={(team) => {
            setCreating(false);
            navigate(`/teams/${encodeURIComponent(team.id)}`);
          }}
        />
      )}
    </>
  );
}
