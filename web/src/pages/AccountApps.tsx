// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button } from "@mantine/core";
import { useState } from "react";
import type { ApiResult } from "../api/client";
import { listConsents, withdrawConsent, type Consent } from "../api/identity";
import { initials } from "../auth";
import { describeScopes } from "../consents";
import { EmptyState, ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { Section } from "../components/SectionCard";
import { describeError, formatDate } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useConfirmAction } from "../hooks/useConfirmAction";
import { useI18n } from "../i18n/context";
import { IconCheck, IconPlug } from "../icons";

const loadConsents = async (): Promise<ApiResult<Consent[]>> => {
  const r = await listConsents();
  return r.ok ? { ok: true, data: r.data.consents ?? [] } : r;
};

/** AppsSection lists the other applications the person allowed to sign them in, and withdraws those permissions. */
export function AppsSection() {
  const { t, lang } = useI18n();
  const { data: items, error, reload } = useApiResource(loadConsents);
  const { ask: askConfirm, dialog } = useConfirmAction();
  const [notice, setNotice] = useState<string | null>(null);

  const ask = (c: Consent) =>
    askConfirm({
      title: t("account.apps.withdrawTitle", { name: c.client_name }),
      body: t("account.apps.withdrawBody", { name: c.client_name }),
      confirm: t("account.apps.withdraw"),
      danger: true,
      run: async () => {
        const r = await withdrawConsent(c.client_id);
        // Already withdrawn (another tab): the list below says the same.
        if (!r.ok && !(r.error.kind === "http" && r.error.status === 404)) return describeError(r.error, t);
        setNotice(t("account.apps.withdrawn", { name: c.client_name }));
        await reload();
        return null;
      },
    });

  return (
    <Section id="apps" icon={<IconPlug size={22} />} title={t("account.apps.title")} lead={t("account.apps.lead")}>
      {notice && (
        <Notice kind="success" onClose={() => setNotice(null)} testId="apps-notice">
          {notice}
        </Notice>
      )}
      {items === null ? (
        <ListState error={error} retry={reload} block />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconPlug size={26} />} title={t("account.apps.emptyTitle")} titleAs="h3" body={t("account.apps.emptyBody")} testId="apps-empty" />
      ) : (
        <ul className="ens-session-list" aria-label={t("account.apps.listLabel")} data-testid="app-list">
          {items.map((c) => (
            <li key={c.client_id} className="ens-session ens-consent" data-testid="app-row" data-name={c.client_name}>
              <span className="ens-team-mark" aria-hidden="true" data-initials={initials(c.client_name)} />
              <div className="ens-session-body">
                <h3 className="ens-session-name ens-consent-name">{c.client_name}</h3>
                <p className="ens-session-meta">
                  <span>{t("account.apps.allowed", { date: formatDate(c.created_at, lang) })}</span>
                </p>
                <ul className="ens-scope-list" aria-label={t("account.apps.mayLabel", { name: c.client_name })} data-testid="app-scopes">
                  {describeScopes(c.scopes).map((s) =>
                    "key" in s ? (
                      <li key={s.key}>
                        <IconCheck size={16} />
                        {t(s.key)}
                      </li>
                    ) : (
                      <li key={s.raw}>
                        <IconCheck size={16} />
                        <code className="ens-mono">{s.raw}</code>
                      </li>
                    ),
                  )}
                </ul>
              </div>
              <Button variant="default" size="sm" aria-label={t("account.apps.withdrawLabel", { name: c.client_name })} data-testid="app-withdraw" onClick={() => ask(c)}>
                {t("account.apps.withdraw")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {dialog}
    </Section>
  );
}
