// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Checkbox, Loader, Menu, Modal, NativeSelect, PasswordInput, Table, Tabs, TextInput, UnstyledButton } from "@mantine/core";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import {
  adminAudit,
  adminCreateUser,
  adminListUsers,
  adminResetLink,
  adminUpdateUser,
  auditExportPath,
  type AuditEvent,
  type AuditFilter,
  type User,
} from "../api/identity";
import type { ApiError } from "../api/client";
import { initials, localDayStart } from "../auth";
import { ConfirmDialog, type ConfirmRequest } from "../components/ConfirmDialog";
import { CopyField } from "../components/CopyField";
import { Notice } from "../components/Notice";
import { RequireUser } from "../components/RequireUser";
import { describeError, formatDate, formatDateTime, passwordRules } from "../format";
import { useI18n } from "../i18n/context";
import { languageNames, languages, type MessageKey } from "../i18n/languages";
import { IconDots, IconDownload, IconList, IconLogin, IconPlug, IconPlus, IconSearch, IconUsers, IconUsersGroup } from "../icons";
import { ClientsPanel } from "./AdminClients";
import { ProvidersPanel } from "./AdminProviders";
import { AdminTeamsPanel } from "./AdminTeams";
import { adminTabFor, adminTabPath, adminTabs, type AdminTab } from "./admin-tabs";
import { navigate, usePath } from "../router";
import { PageHeading } from "./PageHeading";
import { PageTitle } from "./PageTitle";

const tabTitle = {
  users: "admin.tab.users",
  audit: "admin.tab.audit",
  clients: "admin.tab.clients",
  providers: "admin.tab.providers",
  teams: "admin.tab.teams",
} as const satisfies Record<AdminTab, MessageKey>;
const tabIcon = { users: IconUsers, audit: IconList, clients: IconPlug, providers: IconLogin, teams: IconUsersGroup } as const satisfies Record<AdminTab, unknown>;

/** Admin is the administration: users and the audit log, for administrators only. */
export function Admin() {
  const { t } = useI18n();
  const tab = adminTabFor(usePath()) ?? "users";
  return (
    <>
      <PageTitle title={`${t(tabTitle[tab])} – ${t("admin.docTitle")}`} />
      <RequireUser admin>
        {(me) => (
          <>
            <PageHeading eyebrow={t("admin.title")} title={t(tabTitle[tab])} lead={t("admin.lead")} />
            <div className="ens-container ens-admin">
              <Tabs value={tab} onChange={(v) => v && navigate(adminTabPath[v as AdminTab])} keepMounted={false} className="ens-tabs">
                <Tabs.List aria-label={t("admin.tabs")}>
                  {adminTabs.map((id) => {
                    const Icon = tabIcon[id];
                    return (
                      <Tabs.Tab key={id} value={id} leftSection={<Icon size={18} />} data-testid={`tab-${id}`}>
                        {t(tabTitle[id])}
                      </Tabs.Tab>
                    );
                  })}
                </Tabs.List>
                <Tabs.Panel value="users" pt="xl">
                  <UsersPanel me={me} />
                </Tabs.Panel>
                <Tabs.Panel value="audit" pt="xl">
                  <AuditPanel />
                </Tabs.Panel>
                <Tabs.Panel value="clients" pt="xl">
                  <ClientsPanel />
                </Tabs.Panel>
                <Tabs.Panel value="providers" pt="xl">
                  <ProvidersPanel />
                </Tabs.Panel>
                <Tabs.Panel value="teams" pt="xl">
                  <AdminTeamsPanel />
                </Tabs.Panel>
              </Tabs>
            </div>
          </>
        )}
      </RequireUser>
    </>
  );
}

function UsersPanel({ me }: { me: User }) {
  const { t, lang } = useI18n();
  const [query, setQuery] = useState("");
  const [applied, setApplied] = useState("");
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [creating, setCreating] = useState(false);
  const [link, setLink] = useState<{ user: User; url: string; expires: string } | null>(null);

  const load = useCallback(async (q: string) => {
    const r = await adminListUsers(q);
    if (r.ok) {
      setUsers(r.data.users ?? []);
      setError(null);
    } else setError(r.error);
  }, []);
  useEffect(() => {
    void load(applied);
  }, [load, applied]);

  const update = (u: User, patch: { disabled?: boolean; admin?: boolean }, done: MessageKey) => async () => {
    const r = await adminUpdateUser(u.id, patch);
    if (!r.ok) return r.error.kind === "http" && r.error.code === "self_lockout" ? t("admin.users.selfLockout") : describeError(r.error, t);
    setNotice({ kind: "success", text: t(done, { email: u.email }) });
    await load(applied);
    return null;
  };

  const resetLink = async (u: User) => {
    setNotice(null);
    const r = await adminResetLink(u.id);
    if (!r.ok) return setNotice({ kind: "error", text: describeError(r.error, t) });
    setLink({ user: u, url: r.data.url, expires: r.data.expires_at });
  };

  return (
    <section aria-labelledby="ens-page-title" data-testid="users-panel">
      <div className="ens-toolbar">
        <form
          role="search"
          className="ens-search"
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(query.trim());
          }}
        >
          <TextInput
            type="search"
            aria-label={t("admin.users.search")}
            placeholder={t("admin.users.search")}
            leftSection={<IconSearch size={18} />}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            className="ens-search-input"
            data-testid="user-search"
          />
          <Button type="submit" variant="default">
            {t("admin.users.searchButton")}
          </Button>
        </form>
        <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)} data-testid="user-create-open">
          {t("admin.users.create")}
        </Button>
      </div>

      {notice && (
        <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="users-notice">
          {notice.text}
        </Notice>
      )}

      {users === null ? (
        error ? (
          <>
            <Notice kind="error">{describeError(error, t)}</Notice>
            <Button variant="default" mt="sm" onClick={() => load(applied)}>
              {t("common.retry")}
            </Button>
          </>
        ) : (
          <p className="ens-pending-inline" role="status">
            <Loader size="xs" /> {t("common.loading")}
          </p>
        )
      ) : users.length === 0 ? (
        <div className="ens-empty ens-empty-sm" data-testid="users-empty">
          <span className="ens-empty-icon" aria-hidden="true">
            <IconSearch size={26} />
          </span>
          <p className="ens-empty-body">{t("admin.users.empty", { q: applied })}</p>
        </div>
      ) : (
        <div className="ens-card ens-table-card">
          <Table.ScrollContainer minWidth={720}>
            <Table className="ens-table" verticalSpacing="sm" aria-label={t("admin.users.listLabel")} data-testid="user-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("admin.users.colUser")}</Table.Th>
                  <Table.Th scope="col">{t("admin.users.colRole")}</Table.Th>
                  <Table.Th scope="col">{t("admin.users.colStatus")}</Table.Th>
                  <Table.Th scope="col">{t("admin.users.colCreated")}</Table.Th>
                  <Table.Th scope="col">
                    <span className="ens-visually-hidden">{t("admin.users.colActions")}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.map((u) => (
                  <Table.Tr key={u.id} data-testid="user-row" data-email={u.email}>
                    <Table.Th scope="row" className="ens-cell-user">
                      <span className="ens-avatar ens-avatar-initials" aria-hidden="true" data-initials={initials(u.name, u.email)} />
                      <span className="ens-cell-user-text">
                        <span className="ens-cell-strong">
                          {u.name}
                          {u.id === me.id && <span className="ens-you"> ({t("admin.users.you")})</span>}
                        </span>
                        <span className="ens-cell-muted">{u.email}</span>
                      </span>
                    </Table.Th>
                    <Table.Td>
                      {u.admin ? (
                        <span className="ens-tag ens-tag-accent">{t("admin.users.roleAdmin")}</span>
                      ) : (
                        t("admin.users.roleUser")
                      )}
                    </Table.Td>
                    <Table.Td>
                      <span className={`ens-status-pill ${u.disabled ? "is-off" : "is-on"}`} data-testid="user-status">
                        <span className="ens-status-pill-dot" aria-hidden="true" />
                        {u.disabled ? t("admin.users.statusDisabled") : t("admin.users.statusActive")}
                      </span>
                    </Table.Td>
                    <Table.Td>{formatDate(u.created_at, lang)}</Table.Td>
                    <Table.Td className="ens-cell-actions">
                      <Menu position="bottom-end" shadow="md" width={280}>
                        <Menu.Target>
                          <UnstyledButton className="ens-row-menu" aria-label={t("admin.users.actions", { name: u.name })} data-testid="user-actions">
                            <IconDots size={20} />
                          </UnstyledButton>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => void resetLink(u)} data-testid="user-reset-link">
                            {t("admin.users.resetLink")}
                          </Menu.Item>
                          {u.id !== me.id &&
                            (u.admin ? (
                              <Menu.Item
                                onClick={() =>
                                  setConfirm({
                                    title: t("admin.users.removeAdminTitle", { name: u.name }),
                                    body: t("admin.users.removeAdminBody"),
                                    confirm: t("admin.users.removeAdmin"),
                                    danger: true,
                                    run: update(u, { admin: false }, "admin.users.adminRemoved"),
                                  })
                                }
                              >
                                {t("admin.users.removeAdmin")}
                              </Menu.Item>
                            ) : (
                              <Menu.Item
                                onClick={() =>
                                  setConfirm({
                                    title: t("admin.users.makeAdminTitle", { name: u.name }),
                                    body: t("admin.users.makeAdminBody"),
                                    confirm: t("admin.users.makeAdmin"),
                                    run: update(u, { admin: true }, "admin.users.adminGranted"),
                                  })
                                }
                                data-testid="user-make-admin"
                              >
                                {t("admin.users.makeAdmin")}
                              </Menu.Item>
                            ))}
                          {u.id !== me.id &&
                            (u.disabled ? (
                              <Menu.Item onClick={() => void update(u, { disabled: false }, "admin.users.enabled")().then((err) => err && setNotice({ kind: "error", text: err }))} data-testid="user-enable">
                                {t("admin.users.enable")}
                              </Menu.Item>
                            ) : (
                              <Menu.Item
                                className="ens-menu-danger"
                                onClick={() =>
                                  setConfirm({
                                    title: t("admin.users.disableTitle", { name: u.name }),
                                    body: t("admin.users.disableBody", { email: u.email }),
                                    confirm: t("admin.users.disable"),
                                    danger: true,
                                    run: update(u, { disabled: true }, "admin.users.disabled"),
                                  })
                                }
                                data-testid="user-disable"
                              >
                                {t("admin.users.disable")}
                              </Menu.Item>
                            ))}
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}

      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      <CreateUserDialog
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={async (u) => {
          setCreating(false);
          setNotice({ kind: "success", text: t("admin.create.created", { email: u.email }) });
          await load(applied);
        }}
      />
      <Modal
        opened={link !== null}
        onClose={() => setLink(null)}
        title={link ? t("admin.reset.title", { name: link.user.name }) : ""}
        centered
        size="lg"
        closeButtonProps={{ "aria-label": t("common.close") }}
      >
        {link && (
          <div data-testid="reset-link-dialog">
            <p className="ens-dialog-text">{t("admin.reset.body", { email: link.user.email, date: formatDateTime(link.expires, lang) })}</p>
            <CopyField label={t("admin.reset.label")} value={link.url} testId="reset-link-value" />
            <div className="ens-dialog-actions">
              <Button variant="default" onClick={() => setLink(null)}>
                {t("common.close")}
              </Button>
            </div>
          </div>
        )}
      </Modal>
    </section>
  );
}

function CreateUserDialog({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (u: User) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [locale, setLocale] = useState("");
  const [admin, setAdmin] = useState(false);
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setEmail("");
    setName("");
    setLocale("");
    setAdmin(false);
    setPassword("");
    setError(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (password && (password.length < passwordRules.min || password.length > passwordRules.max)) {
      return setError(t("account.password.weak", { min: passwordRules.min, max: passwordRules.max }));
    }
    setBusy(true);
    const r = await adminCreateUser({ email: email.trim(), name: name.trim(), locale, admin, ...(password ? { password } : {}) });
    setBusy(false);
    if (!r.ok) {
      const e = r.error;
      if (e.kind === "http" && e.status === 409) return setError(t("admin.create.exists"));
      if (e.kind === "http" && e.code === "weak_password") return setError(t("account.password.weak", { min: passwordRules.min, max: passwordRules.max }));
      return setError(describeError(e, t));
    }
    reset();
    onCreated(r.data.user);
  };

  return (
    <Modal
      opened={opened}
      onClose={() => {
        reset();
        onClose();
      }}
      title={t("admin.create.title")}
      centered
      size="lg"
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} className="ens-form" data-testid="user-create-form">
        <TextInput label={t("admin.create.email")} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required autoComplete="off" spellCheck={false} data-testid="create-email" data-autofocus />
        <TextInput label={t("admin.create.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required autoComplete="off" data-testid="create-name" />
        <NativeSelect
          label={t("admin.create.language")}
          value={locale}
          onChange={(e) => setLocale(e.currentTarget.value)}
          data={[{ value: "", label: t("account.profile.languageAuto") }, ...languages.map((l) => ({ value: l, label: languageNames[l] }))]}
        />
        <Checkbox label={t("admin.create.admin")} description={t("admin.create.adminHelp")} checked={admin} onChange={(e) => setAdmin(e.currentTarget.checked)} />
        <PasswordInput label={t("admin.create.password")} description={t("admin.create.passwordHelp")} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" />
        {error && (
          <Notice kind="error" testId="create-error">
            {error}
          </Notice>
        )}
        <div className="ens-dialog-actions">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={busy} data-testid="create-submit">
            {t("admin.create.submit")}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

/** The actions of the audit log, in the order the filter lists them. */
export const auditActions = [
  "login",
  "logout",
  "password.change",
  "password.reset",
  "session.revoke",
  "token.create",
  "token.revoke",
  "admin.user.create",
  "admin.user.disable",
  "admin.user.enable",
  "admin.user.set_admin",
  "admin.user.reset_link",
  "oidc_client.create",
  "oidc_client.update",
  "oidc_client.delete",
  "admin.upstream.create",
  "admin.upstream.update",
  "admin.upstream.delete",
  "team.create",
  "team.update",
  "team.delete",
  "team.member.add",
  "team.member.role",
  "team.member.remove",
  "team.member.leave",
  "invitation.create",
  "invitation.accept",
  "invitation.revoke",
] as const;

/** actionLabel translates an audit action, or shows it as it is when this UI does not know it. */
export function actionLabel(action: string, t: (k: MessageKey) => string): string {
  return (auditActions as readonly string[]).includes(action) ? t(`audit.${action}` as MessageKey) : action;
}

/** buildAuditFilter turns the form's fields (date fields are local days) into the API's filter. */
export function buildAuditFilter(form: { action: string; outcome: string; since: string; until: string }): AuditFilter {
  return {
    action: form.action || undefined,
    outcome: form.outcome || undefined,
    since: form.since ? localDayStart(form.since) : undefined,
    // "To" includes the whole day.
    until: form.until ? localDayStart(form.until, 1) : undefined,
  };
}

const pageSize = 50;

function AuditPanel() {
  const { t, lang } = useI18n();
  const [form, setForm] = useState({ action: "", outcome: "", since: "", until: "" });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [more, setMore] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);

  const load = useCallback(async (f: AuditFilter, before?: number) => {
    const r = await adminAudit(f, before, pageSize);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    const got = r.data.events ?? [];
    setError(null);
    setEvents((prev) => (before ? [...(prev ?? []), ...got] : got));
    setMore(got.length === pageSize);
  }, []);

  useEffect(() => {
    setEvents(null);
    void load(filter);
  }, [filter, load]);

  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: value }));
  };

  return (
    <section aria-labelledby="ens-page-title" data-testid="audit-panel">
      <form
        className="ens-card ens-filters"
        aria-label={t("admin.audit.filters")}
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(buildAuditFilter(form));
        }}
      >
        <NativeSelect
          label={t("admin.audit.action")}
          value={form.action}
          onChange={set("action")}
          data={[{ value: "", label: t("admin.audit.actionAll") }, ...auditActions.map((a) => ({ value: a, label: actionLabel(a, t) }))]}
          data-testid="audit-action"
        />
        <NativeSelect
          label={t("admin.audit.outcome")}
          value={form.outcome}
          onChange={set("outcome")}
          data={[
            { value: "", label: t("admin.audit.outcomeAll") },
            { value: "success", label: t("admin.audit.success") },
            { value: "failure", label: t("admin.audit.failure") },
          ]}
          data-testid="audit-outcome"
        />
        <TextInput type="date" label={t("admin.audit.since")} value={form.since} onChange={set("since")} data-testid="audit-since" />
        <TextInput type="date" label={t("admin.audit.until")} value={form.until} onChange={set("until")} data-testid="audit-until" />
        <div className="ens-filters-actions">
          <Button type="submit" data-testid="audit-apply">
            {t("admin.audit.apply")}
          </Button>
          <Button
            variant="subtle"
            onClick={() => {
              setForm({ action: "", outcome: "", since: "", until: "" });
              setFilter({});
            }}
          >
            {t("admin.audit.clear")}
          </Button>
        </div>
      </form>

      <div className="ens-toolbar ens-toolbar-end">
        <Button component="a" href={auditExportPath(filter)} download="ensemble-audit.jsonl" variant="default" leftSection={<IconDownload size={18} />} data-testid="audit-export">
          {t("admin.audit.export")}
        </Button>
      </div>

      {error && (
        <>
          <Notice kind="error">{describeError(error, t)}</Notice>
          <Button variant="default" mt="sm" onClick={() => load(filter)}>
            {t("common.retry")}
          </Button>
        </>
      )}
      {events === null ? (
        !error && (
          <p className="ens-pending-inline" role="status">
            <Loader size="xs" /> {t("common.loading")}
          </p>
        )
      ) : events.length === 0 ? (
        <div className="ens-empty ens-empty-sm" data-testid="audit-empty">
          <span className="ens-empty-icon" aria-hidden="true">
            <IconList size={26} />
          </span>
          <div>
            <h2 className="ens-empty-title">{t("admin.audit.emptyTitle")}</h2>
            <p className="ens-empty-body">{t("admin.audit.emptyBody")}</p>
          </div>
        </div>
      ) : (
        <>
          <div className="ens-card ens-table-card">
            <Table.ScrollContainer minWidth={860}>
              <Table className="ens-table" verticalSpacing="xs" aria-label={t("admin.audit.listLabel")} data-testid="audit-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t("admin.audit.colTime")}</Table.Th>
                    <Table.Th scope="col">{t("admin.audit.colAction")}</Table.Th>
                    <Table.Th scope="col">{t("admin.audit.colOutcome")}</Table.Th>
                    <Table.Th scope="col">{t("admin.audit.colActor")}</Table.Th>
                    <Table.Th scope="col">{t("admin.audit.colTarget")}</Table.Th>
                    <Table.Th scope="col">{t("admin.audit.colAddress")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {events.map((ev) => (
                    <Table.Tr key={ev.id} data-testid="audit-row" data-action={ev.action} data-outcome={ev.outcome}>
                      <Table.Td className="ens-nowrap">{formatDateTime(ev.at, lang)}</Table.Td>
                      <Table.Td>
                        <span className="ens-cell-strong">{actionLabel(ev.action, t)}</span>
                      </Table.Td>
                      <Table.Td>
                        <span className={`ens-status-pill ${ev.outcome === "failure" ? "is-off" : "is-on"}`}>
                          <span className="ens-status-pill-dot" aria-hidden="true" />
                          {ev.outcome === "failure" ? t("admin.audit.failure") : t("admin.audit.success")}
                        </span>
                      </Table.Td>
                      <Table.Td>{ev.actor_email || <span className="ens-cell-muted">{t("admin.audit.unknownActor")}</span>}</Table.Td>
                      <Table.Td>
                        <AuditTarget ev={ev} />
                      </Table.Td>
                      <Table.Td className="ens-mono ens-nowrap">{ev.ip ?? ""}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </div>
          <div className="ens-pager">
            {more ? (
              <Button
                variant="default"
                loading={loadingMore}
                data-testid="audit-older"
                onClick={async () => {
                  const last = events[events.length - 1];
                  if (!last) return;
                  setLoadingMore(true);
                  await load(filter, last.id);
                  setLoadingMore(false);
                }}
              >
                {t("admin.audit.older")}
              </Button>
            ) : (
              <p className="ens-muted" data-testid="audit-end">
                {t("admin.audit.end")}
              </p>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function AuditTarget({ ev }: { ev: AuditEvent }) {
  const details = Object.entries(ev.details ?? {}).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  return (
    <span className="ens-cell-stack">
      {ev.target_type && (
        <span>
          {ev.target_type} <code className="ens-mono ens-cell-muted">{(ev.target_id ?? "").slice(0, 10)}</code>
        </span>
      )}
      {details.length > 0 && <span className="ens-cell-muted">{details.join(" · ")}</span>}
    </span>
  );
}
