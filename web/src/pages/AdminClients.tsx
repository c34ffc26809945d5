// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Checkbox, Table, Textarea, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { ApiResult } from "../api/client";
import { adminCreateClient, adminDeleteClient, adminListClients, adminUpdateClient, parseUriList, type OidcClient } from "../api/identity";
import { CopyField } from "../components/CopyField";
import { FormDialog } from "../components/FormDialog";
import { EmptyState, ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeError } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useConfirmAction } from "../hooks/useConfirmAction";
import { useI18n } from "../i18n/context";
import { IconPlug, IconPlus } from "../icons";

const loadClients = async (): Promise<ApiResult<OidcClient[]>> => {
  const r = await adminListClients();
  return r.ok ? { ok: true, data: r.data.clients ?? [] } : r;
};

/** ClientsPanel lists the OpenID Connect clients and lets an administrator add, edit and delete them. */
export function ClientsPanel() {
  const { t } = useI18n();
  const { data: clients, error, reload } = useApiResource(loadClients);
  const [notice, setNotice] = useState<string | null>(null);
  const { ask, dialog } = useConfirmAction();
  const [editing, setEditing] = useState<OidcClient | "new" | null>(null);
  const [created, setCreated] = useState<{ client: OidcClient; secret?: string } | null>(null);

  const issuer = `${window.location.origin}/.well-known/openid-configuration`;
  const visible = (clients ?? []).filter((c) => !c.builtin);

  return (
    <section aria-labelledby="ens-page-title" data-testid="clients-panel">
      <div className="ens-toolbar">
        <p className="ens-panel-lead">{t("admin.clients.lead", { issuer })}</p>
        <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing("new")} data-testid="client-create-open">
          {t("admin.clients.create")}
        </Button>
      </div>
      {notice && (
        <Notice kind="success" onClose={() => setNotice(null)} testId="clients-notice">
          {notice}
        </Notice>
      )}
      {created && (
        <div className="ens-secret" role="region" aria-labelledby="ens-client-secret-title" data-testid="client-secret">
          <h2 id="ens-client-secret-title" className="ens-secret-title">
            {t("admin.clients.createdTitle")}
          </h2>
          <p className="ens-secret-body">{t("admin.clients.createdBody")}</p>
          <div className="ens-form">
            <CopyField label={t("admin.clients.clientId")} value={created.client.id} testId="client-id-value" />
            {created.secret && <CopyField label={t("admin.clients.secret")} value={created.secret} testId="client-secret-value" />}
          </div>
          <Button variant="default" mt="md" onClick={() => setCreated(null)} data-testid="client-secret-done">
            {t("account.tokens.done")}
          </Button>
        </div>
      )}
      {clients === null ? (
        <ListState error={error} retry={reload} />
      ) : visible.length === 0 ? (
        <EmptyState icon={<IconPlug size={30} />} title={t("admin.clients.emptyTitle")} body={t("admin.clients.emptyBody")} className="ens-empty" testId="clients-empty" />
      ) : (
        <div className="ens-card ens-table-card">
          <Table.ScrollContainer minWidth={760}>
            <Table className="ens-table" verticalSpacing="sm" aria-label={t("admin.clients.listLabel")} data-testid="client-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("admin.clients.colName")}</Table.Th>
                  <Table.Th scope="col">{t("admin.clients.colType")}</Table.Th>
                  <Table.Th scope="col">{t("admin.clients.colRedirects")}</Table.Th>
                  <Table.Th scope="col">
                    <span className="ens-visually-hidden">{t("admin.clients.colActions")}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {visible.map((c) => (
                  <Table.Tr key={c.id} data-testid="client-row" data-name={c.name}>
                    <Table.Th scope="row">
                      <span className="ens-cell-stack">
                        <span className="ens-cell-strong">
                          {c.name}
                          {c.trusted && <span className="ens-tag ens-tag-accent ens-tag-inline">{t("admin.clients.trusted")}</span>}
                        </span>
                        <code className="ens-mono ens-cell-muted">{c.id}</code>
                      </span>
                    </Table.Th>
                    <Table.Td>{c.public ? t("admin.clients.public") : t("admin.clients.confidential")}</Table.Td>
                    <Table.Td>
                      <span className="ens-cell-stack">
                        {c.redirect_uris.map((u) => (
                          <code key={u} className="ens-mono ens-break">
                            {u}
                          </code>
                        ))}
                      </span>
                    </Table.Td>
                    <Table.Td className="ens-cell-actions">
                      <span className="ens-row-buttons">
                        <Button variant="default" size="xs" aria-label={t("admin.clients.editLabel", { name: c.name })} onClick={() => setEditing(c)} data-testid="client-edit">
                          {t("admin.clients.edit")}
                        </Button>
                        <Button
                          variant="default"
                          size="xs"
                          aria-label={t("admin.clients.deleteLabel", { name: c.name })}
                          data-testid="client-delete"
                          onClick={() =>
                            ask({
                              title: t("admin.clients.deleteTitle", { name: c.name }),
                              body: t("admin.clients.deleteBody"),
                              confirm: t("admin.clients.delete"),
                              danger: true,
                              run: async () => {
                                const r = await adminDeleteClient(c.id);
                                if (!r.ok) return describeError(r.error, t);
                                setNotice(t("admin.clients.deleted", { name: c.name }));
                                await reload();
                                return null;
                              },
                            })
                          }
                        >
                          {t("admin.clients.delete")}
                        </Button>
                      </span>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
      {dialog}
      {editing !== null && (
        <ClientDialog
          client={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async (c, secret) => {
            setEditing(null);
            if (editing === "new") setCreated({ client: c, secret });
            else setNotice(t("admin.clients.saved", { name: c.name }));
            await reload();
          }}
        />
      )}
    </section>
  );
}

function ClientDialog({ client, onClose, onSaved }: { client: OidcClient | null; onClose: () => void; onSaved: (c: OidcClient, secret?: string) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(client?.name ?? "");
  const [redirects, setRedirects] = useState((client?.redirect_uris ?? []).join("\n"));
  const [logout, setLogout] = useState((client?.post_logout_redirect_uris ?? []).join("\n"));
  const [isPublic, setPublic] = useState(client?.public ?? false);
  const [trusted, setTrusted] = useState(client?.trusted ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const r1 = parseUriList(redirects);
    if (!r1.ok) return setError(t("admin.clients.badUri", { uri: r1.bad }));
    if (r1.uris.length === 0) return setError(t("admin.clients.needRedirect"));
    const r2 = parseUriList(logout);
    if (!r2.ok) return setError(t("admin.clients.badUri", { uri: r2.bad }));
    setBusy(true);
    const fields = { name: name.trim(), redirect_uris: r1.uris, post_logout_redirect_uris: r2.uris, trusted };
    if (client) {
      const r = await adminUpdateClient(client.id, fields);
      setBusy(false);
      if (!r.ok) return setError(describeError(r.error, t));
      onSaved(r.data.client);
    } else {
      const r = await adminCreateClient({ ...fields, public: isPublic });
      setBusy(false);
      if (!r.ok) return setError(describeError(r.error, t));
      onSaved(r.data.client, r.data.client_secret);
    }
  };

  return (
    <FormDialog
      onClose={onClose}
      title={client ? t("admin.clients.formEdit", { name: client.name }) : t("admin.clients.formCreate")}
      onSubmit={submit}
      testId="client-form"
      error={error}
      errorTestId="client-error"
      busy={busy}
      submitLabel={client ? t("admin.clients.save") : t("admin.clients.create")}
      submitTestId="client-submit"
    >
      <TextInput label={t("admin.clients.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} data-testid="client-name" data-autofocus />
      <Textarea
        label={t("admin.clients.redirects")}
        description={t("admin.clients.redirectsHelp")}
        value={redirects}
        onChange={(e) => setRedirects(e.currentTarget.value)}
        required
        autosize
        minRows={2}
        spellCheck={false}
        classNames={{ input: "ens-mono" }}
        data-testid="client-redirects"
      />
      <Textarea label={t("admin.clients.logoutRedirects")} value={logout} onChange={(e) => setLogout(e.currentTarget.value)} autosize minRows={1} spellCheck={false} classNames={{ input: "ens-mono" }} />
      <Checkbox label={t("admin.clients.publicLabel")} description={t("admin.clients.publicHelp")} checked={isPublic} onChange={(e) => setPublic(e.currentTarget.checked)} disabled={client !== null} />
      <Checkbox label={t("admin.clients.trustedLabel")} description={t("admin.clients.trustedHelp")} checked={trusted} onChange={(e) => setTrusted(e.currentTarget.checked)} data-testid="client-trusted" />
    </FormDialog>
  );
}
