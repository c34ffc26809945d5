// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Loader, NativeSelect, Table, TextInput } from "@mantine/core";
import { useCallback, useEffect, useState } from "react";
import type { ApiError } from "../api/client";
import { adminAudit, auditExportPath, type AuditEvent, type AuditFilter } from "../api/identity";
import { localDayStart } from "../auth";
import { Notice } from "../components/Notice";
import { describeError, formatDateTime } from "../format";
import { useI18n } from "../i18n/context";
import type { MessageKey } from "../i18n/languages";
import { IconDownload, IconList } from "../icons";

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

/** AuditPanel is /admin/audit: the audit log, filtered, paged and exported. */
export function AuditPanel() {
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
