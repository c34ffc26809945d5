// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Checkbox, Menu, Modal, NativeSelect, PasswordInput, Table, TextInput, UnstyledButton } from "@mantine/core";
import { useCallback, useState, type FormEvent } from "react";
import type { ApiResult } from "../api/client";
import { adminCreateUser, adminListUsers, adminResetLink, adminUpdateUser, type User } from "../api/identity";
import { initials } from "../auth";
import { CopyField } from "../components/CopyField";
import { QuotaDialog, QuotaMenuLabel, StorageCell, StorageTitle, useDriveUsage } from "../drive/AdminQuota";
import { FormDialog } from "../components/FormDialog";
import { EmptyState, ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeError, formatDate, formatDateTime, passwordRules } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useConfirmAction } from "../hooks/useConfirmAction";
import { useI18n } from "../i18n/context";
import { languageNames, languages, type MessageKey } from "../i18n/languages";
import { IconDots, IconPlus, IconSearch } from "../icons";

/** UsersPanel is /admin: the accounts, searched, created, promoted, disabled, sent a reset link. */
export function UsersPanel({ me }: { me: User }) {
  const { t, lang } = useI18n();
  const [query, setQuery] = useState("");
  const [applied, setApplied] = useState("");
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const { ask, dialog } = useConfirmAction();
  const [creating, setCreating] = useState(false);
  const [link, setLink] = useState<{ user: User; url: string; expires: string; emailed: boolean } | null>(null);
  const storage = useDriveUsage();
  const [quotaOf, setQuotaOf] = useState<User | null>(null);

  const load = useCallback(async (): Promise<ApiResult<User[]>> => {
    const r = await adminListUsers(applied);
    return r.ok ? { ok: true, data: r.data.users ?? [] } : r;
  }, [applied]);
  const { data: users, error, reload } = useApiResource(load);

  const update = (u: User, patch: { disabled?: boolean; admin?: boolean }, done: MessageKey) => async () => {
    const r = await adminUpdateUser(u.id, patch);
    if (!r.ok) return r.error.kind === "http" && r.error.code === "self_lockout" ? t("admin.users.selfLockout") : describeError(r.error, t);
    setNotice({ kind: "success", text: t(done, { email: u.email }) });
    await reload();
    return null;
  };

  const resetLink = async (u: User) => {
    setNotice(null);
    const r = await adminResetLink(u.id);
    if (!r.ok) return setNotice({ kind: "error", text: describeError(r.error, t) });
    setLink({ user: u, url: r.data.url, expires: r.data.expires_at, emailed: r.data.emailed === true });
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
        <ListState error={error} retry={reload} />
      ) : users.length === 0 ? (
        <EmptyState icon={<IconSearch size={26} />} body={t("admin.users.empty", { q: applied })} testId="users-empty" />
      ) : (
        <div className="ens-card ens-table-card">
          <Table.ScrollContainer minWidth={860}>
            <Table className="ens-table" verticalSpacing="sm" aria-label={t("admin.users.listLabel")} data-testid="user-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("admin.users.colUser")}</Table.Th>
                  <Table.Th scope="col">{t("admin.users.colRole")}</Table.Th>
                  <Table.Th scope="col">{t("admin.users.colStatus")}</Table.Th>
                  <Table.Th scope="col">
                    <StorageTitle />
                  </Table.Th>
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
                    <Table.Td>
                      <StorageCell name={u.name} usage={storage.data?.byUser.get(u.id)} />
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
                          {storage.data && (
                            <Menu.Item onClick={() => setQuotaOf(u)} data-testid="user-quota">
                              <QuotaMenuLabel />
                            </Menu.Item>
                          )}
                          {u.id !== me.id &&
                            (u.admin ? (
                              <Menu.Item
                                onClick={() =>
                                  ask({
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
                                  ask({
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
                                  ask({
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

      {dialog}
      {quotaOf && storage.data && (
        <QuotaDialog
          user={quotaOf}
          usage={storage.data.byUser.get(quotaOf.id)}
          defaultQuota={storage.data.defaultQuota}
          onClose={() => setQuotaOf(null)}
          onDone={(text) => {
            setQuotaOf(null);
            setNotice({ kind: "success", text });
            void storage.reload();
          }}
        />
      )}
      <CreateUserDialog
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={async (u) => {
          setCreating(false);
          setNotice({ kind: "success", text: t("admin.create.created", { email: u.email }) });
          await Promise.all([reload(), storage.reload()]);
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
            <p className="ens-dialog-text">{t(link.emailed ? "admin.reset.bodySent" : "admin.reset.body", { email: link.user.email, date: formatDateTime(link.expires, lang) })}</p>
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
    <FormDialog
      opened={opened}
      onClose={() => {
        reset();
        onClose();
      }}
      onCancel={onClose}
      title={t("admin.create.title")}
      onSubmit={submit}
      testId="user-create-form"
      error={error}
      errorTestId="create-error"
      busy={busy}
      submitLabel={t("admin.create.submit")}
      submitTestId="create-submit"
    >
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
    </FormDialog>
  );
}
