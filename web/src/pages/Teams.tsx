// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Loader, Modal, NativeSelect, Table, Textarea, TextInput } from "@mantine/core";
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import type { ApiError } from "../api/client";
import type { User } from "../api/identity";
import {
  addMember,
  createTeam,
  deleteTeam,
  getTeam,
  listMembers,
  listMyTeams,
  listTeamInvitations,
  removeMember,
  revokeInvitation,
  setMemberRole,
  updateTeam,
  type Invitation,
  type Member,
  type Team,
} from "../api/teams";
import { initials } from "../auth";
import { ConfirmDialog, type ConfirmRequest } from "../components/ConfirmDialog";
import { CopyField } from "../components/CopyField";
import { Notice } from "../components/Notice";
import { RequireUser } from "../components/RequireUser";
import { describeError, describeFormError, formatDate, formatDateTime } from "../format";
import { useI18n } from "../i18n/context";
import type { MessageKey } from "../i18n/languages";
import { IconArrowLeft, IconChevronRight, IconDoorExit, IconMail, IconPencil, IconPlus, IconTrash, IconUserPlus, IconUsers, IconUsersGroup } from "../icons";
import { Link, navigate } from "../router";
import { assignableRoles, canChangeRole, canRemove, canRevokeInvitation, ownerCount, teamActions, teamErrorKey, type Role } from "../teams";
import { PageHeading } from "./PageHeading";
import { PageTitle } from "./PageTitle";

type T = ReturnType<typeof useI18n>["t"];

const roleKey: Record<Role, MessageKey> = { member: "teams.role.member", administrator: "teams.role.administrator", owner: "teams.role.owner" };

/** teamError explains a refused team call in the interface language. */
function teamError(error: ApiError, t: T): string {
  const key = teamErrorKey(error);
  return key ? t(key) : describeFormError(error, t);
}

function RoleTag({ role }: { role: Role }) {
  const { t } = useI18n();
  return <span className={`ens-tag ens-role ens-role-${role}`}>{t(roleKey[role])}</span>;
}

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

function TeamList() {
  const { t } = useI18n();
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(async () => {
    const r = await listMyTeams();
    if (r.ok) {
      setTeams(r.data.teams ?? []);
      setError(null);
    } else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

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
          <div className="ens-empty ens-empty-cta" data-testid="teams-empty">
            <span className="ens-empty-icon" aria-hidden="true">
              <IconUsersGroup size={30} />
            </span>
            <div>
              <h2 className="ens-empty-title">{t("teams.emptyTitle")}</h2>
              <p className="ens-empty-body">{t("teams.emptyBody")}</p>
              <div className="ens-empty-actions">{createButton}</div>
            </div>
          </div>
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

/** TeamDialog creates a team (team null) or edits its name and description. */
function TeamDialog({ team, onClose, onSaved }: { team: Team | null; onClose: () => void; onSaved: (t: Team) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(team?.name ?? "");
  const [description, setDescription] = useState(team?.description ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = team ? await updateTeam(team.id, { name: name.trim(), description: description.trim() }) : await createTeam(name.trim(), description.trim());
    setBusy(false);
    if (!r.ok) return setError(teamError(r.error, t));
    onSaved(r.data.team);
  };

  return (
    <Modal opened onClose={onClose} title={team ? t("teams.editTitle", { name: team.name }) : t("teams.createTitle")} centered size="lg" closeButtonProps={{ "aria-label": t("common.close") }}>
      <form onSubmit={submit} className="ens-form" data-testid="team-form">
        <TextInput label={t("teams.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} data-testid="team-name" data-autofocus />
        <Textarea
          label={t("teams.description")}
          description={t("teams.descriptionHelp")}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={2000}
          data-testid="team-description"
        />
        {error && (
          <Notice kind="error" testId="team-form-error">
            {error}
          </Notice>
        )}
        <div className="ens-dialog-actions">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={busy} data-testid="team-submit">
            {team ? t("teams.save") : t("teams.createSubmit")}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

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
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [editing, setEditing] = useState(false);
  const [shown, setShown] = useState<{ email: string; url: string; expires: string } | null>(null);

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
    setConfirm({
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
    setConfirm({
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
            <p className="ens-secret-body">{t("teams.invite.linkBody", { email: shown.email, date: formatDateTime(shown.expires, lang) })}</p>
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
            onInvited={async (email, url, expires) => {
              setNotice(null);
              setShown({ email, url, expires });
              await load();
            }}
          />
        )}

        <Section id="members" icon={<IconUsers size={22} />} title={t("teams.members.title")} lead={can.manageMembers ? t("teams.members.leadManage") : t("teams.members.lead")}>
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
                                setConfirm({
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

        {invitations && invitations.length > 0 && (
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
                          setConfirm({
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
        )}
      </div>

      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
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

function Section({ id, icon, title, lead, children }: { id: string; icon: ReactNode; title: string; lead?: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="ens-card ens-section-card" data-testid={`section-${id}`}>
      <header className="ens-section-card-head">
        <span className="ens-section-card-icon" aria-hidden="true">
          {icon}
        </span>
        <div>
          <h2 id={`${id}-title`} className="ens-section-card-title">
            {title}
          </h2>
          {lead && <p className="ens-section-card-lead">{lead}</p>}
        </div>
      </header>
      {children}
    </section>
  );
}

function InviteForm({
  team,
  myRole,
  onAdded,
  onInvited,
}: {
  team: Team;
  myRole: Role | undefined;
  onAdded: (m: Member) => void;
  onInvited: (email: string, url: string, expires: string) => void;
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
    else if ("url" in r.data) onInvited(r.data.invitation.email, r.data.url, r.data.invitation.expires_at);
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
