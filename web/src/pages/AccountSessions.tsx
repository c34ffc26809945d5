// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button } from "@mantine/core";
import { useState } from "react";
import type { ApiResult } from "../api/client";
import { listSessions, revokeSession, type Session } from "../api/identity";
import { ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { Section } from "../components/SectionCard";
import { describeAgent, describeError, formatDateTime } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useConfirmAction } from "../hooks/useConfirmAction";
import { useI18n } from "../i18n/context";
import { IconDevice } from "../icons";

const loadSessions = async (): Promise<ApiResult<Session[]>> => {
  const r = await listSessions();
  return r.ok ? { ok: true, data: r.data.sessions ?? [] } : r;
};

/** SessionsSection lists where the person is signed in, and signs other devices out. */
export function SessionsSection() {
  const { t, lang } = useI18n();
  const { data: items, error, reload } = useApiResource(loadSessions);
  const { ask: askConfirm, dialog } = useConfirmAction();
  const [notice, setNotice] = useState<string | null>(null);
  const agentName = (s: Session) => {
    const a = describeAgent(s.user_agent);
    return a ? t("account.sessions.agent", a) : t("account.sessions.unknownAgent");
  };
  const others = (items ?? []).filter((s) => !s.current);

  const ask = (ids: string[], title: string, body: string) =>
    askConfirm({
      title,
      body,
      confirm: t("account.sessions.revoke"),
      danger: true,
      run: async () => {
        for (const id of ids) {
          const r = await revokeSession(id);
          if (!r.ok && !(r.error.kind === "http" && r.error.status === 404)) return describeError(r.error, t);
        }
        setNotice(t("account.sessions.revoked"));
        await reload();
        return null;
      },
    });

  // The current session first, then the most recently active.
  const sorted = [...(items ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || b.last_seen_at.localeCompare(a.last_seen_at));

  return (
    <Section id="sessions" icon={<IconDevice size={22} />} title={t("account.sessions.title")} lead={t("account.sessions.lead")}>
      {notice && (
        <Notice kind="success" onClose={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      {items === null ? (
        <ListState error={error} retry={reload} block />
      ) : (
        <>
          <ul className="ens-session-list" data-testid="session-list">
            {sorted.map((s) => (
              <li key={s.id} className="ens-session" data-current={s.current} data-testid="session">
                <span className="ens-session-icon" aria-hidden="true">
                  <IconDevice size={22} />
                </span>
                <div className="ens-session-body">
                  <p className="ens-session-name">
                    {agentName(s)}
                    {s.current && <span className="ens-tag ens-tag-ok">{t("account.sessions.current")}</span>}
                  </p>
                  <p className="ens-session-meta">
                    <span>{t("account.sessions.lastSeen", { date: formatDateTime(s.last_seen_at, lang) })}</span>
                    <span>{t("account.sessions.started", { date: formatDateTime(s.created_at, lang) })}</span>
                    {s.ip && <span>{t("account.sessions.ip", { ip: s.ip })}</span>}
                  </p>
                </div>
                {!s.current && (
                  <Button
                    variant="default"
                    size="sm"
                    aria-label={t("account.sessions.revokeLabel", { agent: agentName(s) })}
                    onClick={() => ask([s.id], t("account.sessions.revokeTitle"), t("account.sessions.revokeBody", { agent: agentName(s) }))}
                  >
                    {t("account.sessions.revoke")}
                  </Button>
                )}
              </li>
            ))}
          </ul>
          {others.length === 0 ? (
            <p className="ens-muted" data-testid="sessions-only-this">
              {t("account.sessions.onlyThis")}
            </p>
          ) : (
            others.length > 1 && (
              <Button variant="default" color="red" mt="md" onClick={() => ask(others.map((s) => s.id), t("account.sessions.revokeOthersTitle"), t("account.sessions.revokeOthersBody"))}>
                {t("account.sessions.revokeOthers")}
              </Button>
            )
          )}
        </>
      )}
      {dialog}
    </Section>
  );
}
