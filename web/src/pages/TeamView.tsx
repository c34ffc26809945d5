// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Loader } from "@mantine/core";
import { useCallback, useEffect, useState } from "react";
import type { ApiError } from "../api/client";
import type { User } from "../api/identity";
import { deleteTeam, getTeam, listMembers, listTeamInvitations, removeMember, type Invitation, type Member, type Team } from "../api/teams";
import { initials } from "../auth";
import { CopyField } from "../components/CopyField";
import { Notice } from "../components/Notice";
import { RequireUser } from "../components/RequireUser";
import { describeError, formatDate, formatDateTime } from "../format";
import { useConfirmAction } from "../hooks/useConfirmAction";
import { useI18n } from "../i18n/context";
import { IconArrowLeft, IconDoorExit, IconPencil, IconTrash } from "../icons";
import { Link, navigate } from "../router";
import { teamActions } from "../teams";
import { PageTitle } from "./PageTitle";
import { TeamDialog } from "./TeamDialog";
import { InvitationsSection } from "./TeamInvitations";
import { InviteForm } from "./TeamInviteForm";
import { MembersSection } from "./TeamMembers";
import { RoleTag, teamError, type Notice as NoticeState } from "./team-ui";

/** TeamPage is /teams/<id>: the team, its members and, for those who manage them, its pending invitations. */
export function TeamPage({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t("teams.docTitle")} />
      <RequireUser>{(me) => <TeamView id={id} me={me} />}</RequireUser>
    </>
  );
}

/** Loaded is the team page's data; invitations is null for someone who may not manage members (the server answers 403). */
type Loaded = { team: Team; members: Member[]; invitations: Invitation[] | null };

function TeamView({ id, me }: { id: string; me: User }) {
  const { t, lang } = useI18n();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const { ask, dialog } = useConfirmAction();
  const [editing, setEditing] = useState(false);
  const [shown, setShown] = useState<{ email: string; url: string; expires: string; sent: boolean } | null>(null);

  const load = useCallback(async () => {
    const [tr, mr] = await Promise.all([getTeam(id), listMembers(id)]);
    if (!tr.ok) return setError(tr.error);
    if (!mr.ok) return setError(mr.error);
    const members = mr.data.members ?? [];
    // Only those who manage members may list every pending invitation; the
    // others are not asked, so that their browser logs no 403.
    const role = tr.data.team.role ?? members.find((m) => m.user_id === me.id)?.role;
    let invitations: Invitation[] | null = null;
    if (teamActions(role).manageMembers) {
      const ir = await listTeamInvitations(id);
      if (ir.ok) invitations = ir.data.invitations ?? [];
    }
    setError(null);
    setData({ team: tr.data.team, members, invitations });
  }, [id, me.id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!data) {
    if (error) {
      const missing = error.kind === "http" && error.status === 404;
      return (
        <div className="ens-container ens-notfound" data-testid="team-missing">
          <PageTitle title={t(missing ? "teams.missingTitle" : "teams.docTitle")} />
          <h1 id="ens-page-title" className="ens-page-title ens-page-title-sm" tabIndex={-1}>
            {t(missing ? "teams.missingTitle" : "teams.loadFailed")}
          </h1>
          <p className="ens-lead">{missing ? t("teams.missingBody") : describeError(error, t)}</p>
          <div className="ens-empty-actions">
            {!missing && (
              <Button variant="default" onClick={() => void load()}>
                {t("common.retry")}
              </Button>
            )}
            <Button component={Link} href="/teams" leftSection={<IconArrowLeft size={18} />}>
              {t("teams.back")}
            </Button>
          </div>
        </div>
      );
    }
    return (
      <div className="ens-container ens-pending" role="status">
        <Loader size="sm" />
        <span>{t("common.loading")}</span>
      </div>
    );
  }

  const { team, members, invitations } = data;
  const myRole = team.role ?? members.find((m) => m.user_id === me.id)?.role;
  const can = teamActions(myRole);
  const amMember = members.some((m) => m.user_id === me.id);

  const confirmLeave = () =>
    ask({
      title: t("teams.leaveTitle", { name: team.name }),
      body: t("teams.leaveBody"),
      confirm: t("teams.leave"),
      danger: true,
      run: async () => {
        const r = await removeMember(team.id, me.id);
        if (!r.ok) return teamError(r.error, t);
        navigate("/teams");
        return null;
      },
    });

  const confirmDelete = () =>
    ask({
      title: t("teams.deleteTitle", { name: team.name }),
      body: t("teams.deleteBody"),
      confirm: t("teams.delete"),
      danger: true,
      run: async () => {
        const r = await deleteTeam(team.id);
        if (!r.ok) return teamError(r.error, t);
        navigate("/teams");
        return null;
      },
    });

  return (
    <>
      <PageTitle title={`${team.name} – ${t("teams.docTitle")}`} />
      <div className="ens-page-head">
        <div className="ens-container">
          <Link href="/teams" className="ens-back-link" data-testid="team-back">
            <IconArrowLeft size={16} />
            {t("teams.back")}
          </Link>
          <div className="ens-team-head">
            <span className="ens-team-mark ens-team-mark-lg" aria-hidden="true" data-initials={initials(team.name)} />
            <div className="ens-team-head-text">
              <h1 id="ens-page-title" className="ens-page-title ens-page-title-sm" tabIndex={-1} data-testid="team-title">
                {team.name}
              </h1>
              {team.description && <p className="ens-lead ens-team-description">{team.description}</p>}
              <p className="ens-team-meta">
                {myRole && (
                  <span data-testid="team-my-role">
                    {t("teams.yourRole")} <RoleTag role={myRole} />
                  </span>
                )}
                <span>{t(members.length === 1 ? "teams.memberCountOne" : "teams.memberCount", { count: members.length })}</span>
                <span>{t("teams.created", { date: formatDate(team.created_at, lang) })}</span>
              </p>
            </div>
          </div>
          <div className="ens-team-actions">
            {can.edit && (
              <Button variant="default" leftSection={<IconPencil size={18} />} onClick={() => setEditing(true)} data-testid="team-edit">
                {t("teams.edit")}
              </Button>
            )}
            {amMember && can.leave && (
              <Button variant="default" leftSection={<IconDoorExit size={18} />} onClick={confirmLeave} data-testid="team-leave">
                {t("teams.leave")}
              </Button>
            )}
            {can.delete && (
              <Button variant="default" className="ens-button-danger" leftSection={<IconTrash size={18} />} onClick={confirmDelete} data-testid="team-delete">
                {t("teams.delete")}
              </Button>
            )}
          </div>
        </div>
      </div>

      <div className="ens-container ens-team-body">
        {notice && (
          <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="team-notice">
            {notice.text}
          </Notice>
        )}
        {shown && (
          <div className="ens-secret" role="region" aria-labelledby="ens-invite-link-title" data-testid="invite-link">
            <h2 id="ens-invite-link-title" className="ens-secret-title">
              {t("teams.invite.linkTitle", { email: shown.email })}
            </h2>
            <p className="ens-secret-body">{t(shown.sent ? "teams.invite.linkBodySent" : "teams.invite.linkBody", { email: shown.email, date: formatDateTime(shown.expires, lang) })}</p>
            <CopyField label={t("teams.invite.linkLabel")} value={shown.url} testId="invite-link-value" />
            <Button variant="default" mt="md" onClick={() => setShown(null)} data-testid="invite-link-done">
              {t("teams.invite.done")}
            </Button>
          </div>
        )}

        {can.manageMembers && (
          <InviteForm
            team={team}
            myRole={myRole}
            onAdded={async (m) => {
              setShown(null);
              setNotice({ kind: "success", text: t("teams.invite.added", { name: m.name, email: m.email }) });
              await load();
            }}
            onInvited={async (email, url, expires, sent) => {
              setNotice(null);
              setShown({ email, url, expires, sent });
              await load();
            }}
          />
        )}

        <MembersSection team={team} members={members} me={me} myRole={myRole} manage={can.manageMembers} ask={ask} setNotice={setNotice} load={load} />

        {invitations && invitations.length > 0 && (
          <InvitationsSection invitations={invitations} members={members} me={me} myRole={myRole} ask={ask} setNotice={setNotice} setShown={setShown} load={load} />
        )}
      </div>

      {dialog}
      {editing && (
        <TeamDialog
          team={team}
          onClose={() => setEditing(false)}
          onSaved={async (saved) => {
            setEditing(false);
            setNotice({ kind: "success", text: t("teams.saved", { name: saved.name }) });
            await load();
          }}
        />
      )}
    </>
  );
}
