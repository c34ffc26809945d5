// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, NativeSelect, Table, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { ApiResult } from "../api/client";
import { createToken, listTokens, revokeToken, type Token } from "../api/identity";
import { CopyField } from "../components/CopyField";
import { EmptyState, ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { Section } from "../components/SectionCard";
import { describeError, formatDate, formatDateTime } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useConfirmAction } from "../hooks/useConfirmAction";
import { useI18n } from "../i18n/context";
import { IconKey } from "../icons";

const loadTokens = async (): Promise<ApiResult<Token[]>> => {
  const r = await listTokens();
  return r.ok ? { ok: true, data: r.data.tokens ?? [] } : r;
};

const expiryChoices = [
  { hours: 24 * 30, key: "account.tokens.expiry30" },
  { hours: 24 * 90, key: "account.tokens.expiry90" },
  { hours: 24 * 365, key: "account.tokens.expiry365" },
  { hours: 0, key: "account.tokens.expiryNever" },
] as const;

/** TokensSection creates personal access tokens (the secret shown once) and revokes them. */
export function TokensSection() {
  const { t, lang } = useI18n();
  const { data: items, error, reload } = useApiResource(loadTokens);
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState(String(24 * 90));
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { ask, dialog } = useConfirmAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setCreateError(null);
    setNotice(null);
    const result = await createToken(name.trim(), Number(expiry));
    setBusy(false);
    if (!result.ok) {
      setCreateError(describeError(result.error, t));
      return;
    }
    setCreated({ name: result.data.token.name, secret: result.data.secret });
    setName("");
    await reload();
  };

  const now = Date.now();
  return (
    <Section id="tokens" icon={<IconKey size={22} />} title={t("account.tokens.title")} lead={t("account.tokens.lead")}>
      {created && (
        <div className="ens-secret" role="region" aria-labelledby="ens-secret-title" data-testid="token-secret">
          <h3 id="ens-secret-title" className="ens-secret-title">
            {t("account.tokens.createdTitle")}
          </h3>
          <p className="ens-secret-body">{t("account.tokens.createdBody")}</p>
          <CopyField label={t("account.tokens.secretLabel", { name: created.name })} value={created.secret} testId="token-secret-value" />
          <Button variant="default" mt="md" onClick={() => setCreated(null)} data-testid="token-secret-done">
            {t("account.tokens.done")}
          </Button>
        </div>
      )}
      <form onSubmit={submit} className="ens-token-form" data-testid="token-form">
        <TextInput
          label={t("account.tokens.name")}
          placeholder={t("account.tokens.namePlaceholder")}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          maxLength={100}
          className="ens-token-name"
          data-testid="token-name"
        />
        <NativeSelect
          label={t("account.tokens.expiry")}
          value={expiry}
          onChange={(e) => setExpiry(e.currentTarget.value)}
          data={expiryChoices.map((c) => ({ value: String(c.hours), label: t(c.key) }))}
          data-testid="token-expiry"
        />
        <Button type="submit" loading={busy} data-testid="token-create">
          {t("account.tokens.create")}
        </Button>
      </form>
      {createError && <Notice kind="error">{createError}</Notice>}
      {notice && (
        <Notice kind="success" onClose={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      {items === null ? (
        <ListState error={error} retry={reload} block />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconKey size={26} />} title={t("account.tokens.emptyTitle")} titleAs="h3" body={t("account.tokens.emptyBody")} testId="tokens-empty" />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table className="ens-table" verticalSpacing="sm" aria-label={t("account.tokens.listLabel")} data-testid="token-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("account.tokens.colName")}</Table.Th>
                <Table.Th scope="col">{t("account.tokens.colPrefix")}</Table.Th>
                <Table.Th scope="col">{t("account.tokens.colCreated")}</Table.Th>
                <Table.Th scope="col">{t("account.tokens.colLastUsed")}</Table.Th>
                <Table.Th scope="col">{t("account.tokens.colExpires")}</Table.Th>
                <Table.Th scope="col">
                  <span className="ens-visually-hidden">{t("account.tokens.colActions")}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((tok) => {
                const expired = tok.expires_at !== null && new Date(tok.expires_at).getTime() < now;
                return (
                  <Table.Tr key={tok.id} data-testid="token-row">
                    <Table.Th scope="row" className="ens-cell-strong">
                      {tok.name}
                    </Table.Th>
                    <Table.Td>
                      <code className="ens-mono">{tok.prefix}…</code>
                    </Table.Td>
                    <Table.Td>{formatDate(tok.created_at, lang)}</Table.Td>
                    <Table.Td>{tok.last_used_at ? formatDateTime(tok.last_used_at, lang) : t("common.never")}</Table.Td>
                    <Table.Td>
                      {tok.expires_at ? (
                        expired ? (
                          <span className="ens-tag ens-tag-error">{t("account.tokens.expired")}</span>
                        ) : (
                          formatDate(tok.expires_at, lang)
                        )
                      ) : (
                        t("common.never")
                      )}
                    </Table.Td>
                    <Table.Td className="ens-cell-actions">
                      <Button
                        variant="default"
                        size="xs"
                        aria-label={t("account.tokens.revokeLabel", { name: tok.name })}
                        data-testid="token-revoke"
                        onClick={() =>
                          ask({
                            title: t("account.tokens.revokeTitle", { name: tok.name }),
                            body: t("account.tokens.revokeBody"),
                            confirm: t("account.tokens.revoke"),
                            danger: true,
                            run: async () => {
                              const r = await revokeToken(tok.id);
                              if (!r.ok) return describeError(r.error, t);
                              setNotice(t("account.tokens.revoked"));
                              await reload();
                              return null;
                            },
                          })
                        }
                      >
                        {t("account.tokens.revoke")}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog}
    </Section>
  );
}
