// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Checkbox, PasswordInput, Table, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { ApiResult } from "../api/client";
import {
  adminCreateProvider,
  adminDeleteProvider,
  adminListProviders,
  adminUpdateProvider,
  splitList,
  type UpstreamProvider,
  type UpstreamProviderInput,
} from "../api/identity";
import { CopyField } from "../components/CopyField";
import { FormDialog } from "../components/FormDialog";
import { EmptyState, ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeError, describeFormError } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useConfirmAction } from "../hooks/useConfirmAction";
import { useI18n } from "../i18n/context";
import { IconLogin, IconPlus } from "../icons";

const loadProviders = async (): Promise<ApiResult<{ providers: UpstreamProvider[]; redirectUri: string }>> => {
  const r = await adminListProviders();
  return r.ok ? { ok: true, data: { providers: r.data.providers ?? [], redirectUri: r.data.redirect_uri ?? "" } } : r;
};

/**
 * ProvidersPanel lists the upstream OpenID Connect providers people may
 * sign in with ("Sign in with …" on the login page), and lets an
 * administrator add, edit and delete them.
 */
export function ProvidersPanel() {
  const { t } = useI18n();
  const { data, error, reload } = useApiResource(loadProviders);
  const providers = data?.providers ?? null;
  const redirectUri = data?.redirectUri ?? "";
  const [notice, setNotice] = useState<string | null>(null);
  const { ask, dialog } = useConfirmAction();
  const [editing, setEditing] = useState<UpstreamProvider | "new" | null>(null);

  return (
    <section aria-labelledby="ens-page-title" data-testid="providers-panel">
      <div className="ens-toolbar">
        <p className="ens-panel-lead">{t("admin.providers.lead")}</p>
        <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing("new")} data-testid="provider-create-open">
          {t("admin.providers.create")}
        </Button>
      </div>
      {redirectUri && (
        <div className="ens-card ens-callout" data-testid="provider-redirect">
          <CopyField label={t("admin.providers.redirectUri")} description={t("admin.providers.redirectUriHelp")} value={redirectUri} testId="provider-redirect-value" />
        </div>
      )}
      {notice && (
        <Notice kind="success" onClose={() => setNotice(null)} testId="providers-notice">
          {notice}
        </Notice>
      )}
      {providers === null ? (
        <ListState error={error} retry={reload} />
      ) : providers.length === 0 ? (
        <EmptyState icon={<IconLogin size={30} />} title={t("admin.providers.emptyTitle")} body={t("admin.providers.emptyBody")} className="ens-empty" testId="providers-empty" />
      ) : (
        <div className="ens-card ens-table-card">
          <Table.ScrollContainer minWidth={760}>
            <Table className="ens-table" verticalSpacing="sm" aria-label={t("admin.providers.listLabel")} data-testid="provider-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("admin.providers.colName")}</Table.Th>
                  <Table.Th scope="col">{t("admin.providers.colStatus")}</Table.Th>
                  <Table.Th scope="col">{t("admin.providers.colAccounts")}</Table.Th>
                  <Table.Th scope="col">{t("admin.providers.colDomains")}</Table.Th>
                  <Table.Th scope="col">
                    <span className="ens-visually-hidden">{t("admin.providers.colActions")}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {providers.map((p) => (
                  <Table.Tr key={p.id} data-testid="provider-row" data-name={p.name}>
                    <Table.Th scope="row">
                      <span className="ens-cell-stack">
                        <span className="ens-cell-strong">{p.name}</span>
                        <code className="ens-mono ens-cell-muted ens-break">{p.issuer}</code>
                      </span>
                    </Table.Th>
                    <Table.Td>
                      <span className={`ens-status-pill ${p.enabled ? "is-on" : "is-off"}`} data-testid="provider-status">
                        <span className="ens-status-pill-dot" aria-hidden="true" />
                        {p.enabled ? t("admin.providers.enabled") : t("admin.providers.disabled")}
                      </span>
                    </Table.Td>
                    <Table.Td>{p.link_existing ? <span className="ens-tag ens-tag-accent">{t("admin.providers.linksExisting")}</span> : t("admin.providers.newOnly")}</Table.Td>
                    <Table.Td>{p.allowed_domains && p.allowed_domains.length > 0 ? <span className="ens-mono">{p.allowed_domains.join(", ")}</span> : t("admin.providers.anyDomain")}</Table.Td>
                    <Table.Td className="ens-cell-actions">
                      <span className="ens-row-buttons">
                        <Button variant="default" size="xs" aria-label={t("admin.providers.editLabel", { name: p.name })} onClick={() => setEditing(p)} data-testid="provider-edit">
                          {t("admin.clients.edit")}
                        </Button>
                        <Button
                          variant="default"
                          size="xs"
                          aria-label={t("admin.providers.deleteLabel", { name: p.name })}
                          data-testid="provider-delete"
                          onClick={() =>
                            ask({
                              title: t("admin.providers.deleteTitle", { name: p.name }),
                              body: t("admin.providers.deleteBody"),
                              confirm: t("admin.clients.delete"),
                              danger: true,
                              run: async () => {
                                const r = await adminDeleteProvider(p.id);
                                if (!r.ok) return describeError(r.error, t);
                                setNotice(t("admin.providers.deleted", { name: p.name }));
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
        <ProviderDialog
          provider={editing === "new" ? null : editing}
          redirectUri={redirectUri}
          onClose={() => setEditing(null)}
          onSaved={async (p) => {
            const created = editing === "new";
            setEditing(null);
            setNotice(t(created ? "admin.providers.created" : "admin.providers.saved", { name: p.name }));
            await reload();
          }}
        />
      )}
    </section>
  );
}

/** providerInput builds the body of a create or update from the form's fields; an empty secret is left out (kept). */
export function providerInput(form: {
  name: string;
  issuer: string;
  clientId: string;
  secret: string;
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  domains: string;
  linkExisting: boolean;
  enabled: boolean;
}): UpstreamProviderInput {
  const input: UpstreamProviderInput = {
    name: form.name.trim(),
    issuer: form.issuer.trim(),
    client_id: form.clientId.trim(),
    scopes: splitList(form.scopes),
    email_claim: form.emailClaim.trim(),
    name_claim: form.nameClaim.trim(),
    allowed_domains: splitList(form.domains).map((d) => d.replace(/^@/, "").toLowerCase()),
    link_existing: form.linkExisting,
    enabled: form.enabled,
  };
  if (form.secret !== "") input.client_secret = form.secret;
  return input;
}

function ProviderDialog({ provider, redirectUri, onClose, onSaved }: { provider: UpstreamProvider | null; redirectUri: string; onClose: () => void; onSaved: (p: UpstreamProvider) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(provider?.name ?? "");
  const [issuer, setIssuer] = useState(provider?.issuer ?? "");
  const [clientId, setClientId] = useState(provider?.client_id ?? "");
  const [secret, setSecret] = useState("");
  const [scopes, setScopes] = useState((provider?.scopes ?? ["openid", "email", "profile"]).join(" "));
  const [emailClaim, setEmailClaim] = useState(provider?.email_claim ?? "email");
  const [nameClaim, setNameClaim] = useState(provider?.name_claim ?? "name");
  const [domains, setDomains] = useState((provider?.allowed_domains ?? []).join(", "));
  const [linkExisting, setLinkExisting] = useState(provider?.link_existing ?? false);
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const input = providerInput({ name, issuer, clientId, secret, scopes, emailClaim, nameClaim, domains, linkExisting, enabled });
    const r = provider ? await adminUpdateProvider(provider.id, input) : await adminCreateProvider(input);
    setBusy(false);
    if (!r.ok) return setError(describeFormError(r.error, t));
    onSaved(r.data.provider);
  };

  return (
    <FormDialog
      onClose={onClose}
      title={provider ? t("admin.providers.formEdit", { name: provider.name }) : t("admin.providers.formCreate")}
      onSubmit={submit}
      testId="provider-form"
      error={error}
      errorTestId="provider-error"
      busy={busy}
      submitLabel={provider ? t("admin.clients.save") : t("admin.providers.create")}
      submitTestId="provider-submit"
    >
      <TextInput label={t("admin.providers.name")} description={t("admin.providers.nameHelp")} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} data-testid="provider-name" data-autofocus />
      <TextInput
        label={t("admin.providers.issuer")}
        description={t("admin.providers.issuerHelp")}
        value={issuer}
        onChange={(e) => setIssuer(e.currentTarget.value)}
        required
        spellCheck={false}
        classNames={{ input: "ens-mono" }}
        data-testid="provider-issuer"
      />
      <div className="ens-form-row">
        <TextInput label={t("admin.providers.clientId")} value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} required spellCheck={false} classNames={{ input: "ens-mono" }} data-testid="provider-client-id" />
        <PasswordInput
          label={t("admin.providers.secret")}
          description={provider?.has_secret ? t("admin.providers.secretKeep") : t("admin.providers.secretHelp")}
          value={secret}
          onChange={(e) => setSecret(e.currentTarget.value)}
          autoComplete="off"
          data-testid="provider-secret"
        />
      </div>
      {redirectUri && <CopyField label={t("admin.providers.redirectUri")} description={t("admin.providers.redirectUriHelp")} value={redirectUri} />}
      <TextInput label={t("admin.providers.scopes")} description={t("admin.providers.scopesHelp")} value={scopes} onChange={(e) => setScopes(e.currentTarget.value)} spellCheck={false} classNames={{ input: "ens-mono" }} data-testid="provider-scopes" />
      <div className="ens-form-row">
        <TextInput label={t("admin.providers.emailClaim")} value={emailClaim} onChange={(e) => setEmailClaim(e.currentTarget.value)} required spellCheck={false} classNames={{ input: "ens-mono" }} data-testid="provider-email-claim" />
        <TextInput label={t("admin.providers.nameClaim")} value={nameClaim} onChange={(e) => setNameClaim(e.currentTarget.value)} required spellCheck={false} classNames={{ input: "ens-mono" }} data-testid="provider-name-claim" />
      </div>
      <TextInput
        label={t("admin.providers.domains")}
        description={t("admin.providers.domainsHelp")}
        placeholder="interieur.gouv.fr, culture.gouv.fr"
        value={domains}
        onChange={(e) => setDomains(e.currentTarget.value)}
        spellCheck={false}
        data-testid="provider-domains"
      />
      <Checkbox
        label={t("admin.providers.linkLabel")}
        description={t("admin.providers.linkHelp")}
        checked={linkExisting}
        onChange={(e) => setLinkExisting(e.currentTarget.checked)}
        data-testid="provider-link"
      />
      <Checkbox label={t("admin.providers.enabledLabel")} description={t("admin.providers.enabledHelp")} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} data-testid="provider-enabled" />
    </FormDialog>
  );
}
