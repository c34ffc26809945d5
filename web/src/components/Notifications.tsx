// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The header's bell: the signed-in user's notifications (mentions in
// comments, internal/doccomments), polled every minute and when the window
// gets the focus back, with the number of unread ones. Choosing one marks
// it read and opens the document. Its texts live here, in the three
// languages, so that the bell stays one file.
import { Popover, Text, UnstyledButton } from "@mantine/core";
import { useWindowEvent } from "@mantine/hooks";
import { useCallback, useEffect, useState } from "react";
import { apiCall, type ApiResult } from "../api/client";
import { formatDateTime } from "../format";
import { useI18n } from "../i18n/context";
import type { Language, Params } from "../i18n/languages";
import { navigate } from "../router";
import { useSession } from "../session-context";
import { useDisclosurePanel } from "./useDisclosurePanel";

/** Notification is one entry of GET /api/v1/me/notifications. */
export interface Notification {
  id: string;
  kind: string;
  doc_id: string;
  doc_title: string;
  thread_id: string;
  actor: { id: string; name: string } | null;
  created_at: string;
  read_at: string | null;
}

/** pollEvery is how often the bell asks for new notifications, in milliseconds. */
export const pollEvery = 60_000;

const en = {
  label: "Notifications",
  labelUnread: "Notifications, {count} unread",
  title: "Notifications",
  empty: "No notifications.",
  mention: "{name} mentioned you in «{title}»",
  someone: "Someone",
  untitled: "Untitled document",
  failed: "The notifications could not be loaded.",
};
type NotificationsKey = keyof typeof en;
const fr: Record<NotificationsKey, string> = {
  label: "Notifications",
  labelUnread: "Notifications non lues : {count}",
  title: "Notifications",
  empty: "Aucune notification.",
  mention: "{name} vous a mentionné dans « {title} »",
  someone: "Quelqu’un",
  untitled: "Document sans titre",
  failed: "Les notifications n’ont pas pu être chargées.",
};
const de: Record<NotificationsKey, string> = {
  label: "Benachrichtigungen",
  labelUnread: "Benachrichtigungen, {count} ungelesen",
  title: "Benachrichtigungen",
  empty: "Keine Benachrichtigungen.",
  mention: "{name} hat Sie in „{title}“ erwähnt",
  someone: "Jemand",
  untitled: "Dokument ohne Titel",
  failed: "Die Benachrichtigungen konnten nicht geladen werden.",
};
/** notificationsMessages holds the bell's texts in every language. */
export const notificationsMessages: Record<Language, Record<NotificationsKey, string>> = { en, fr, de };

/** nt returns a text of the bell in lang, with its placeholders filled. */
export function nt(lang: Language, key: NotificationsKey, params?: Params): string {
  return notificationsMessages[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m));
}

/** notificationText is the sentence that shows a notification. */
export function notificationText(n: Notification, lang: Language): string {
  return nt(lang, "mention", { name: n.actor?.name || nt(lang, "someone"), title: n.doc_title.trim() || nt(lang, "untitled") });
}

/** unreadCount is how many notifications are not read. */
export function unreadCount(list: Notification[]): number {
  return list.filter((n) => !n.read_at).length;
}

/** listNotifications lists the caller's newest notifications. */
export async function listNotifications(): Promise<ApiResult<Notification[]>> {
  const r = await apiCall<{ notifications: Notification[] | null }>("GET", "/api/v1/me/notifications");
  return r.ok ? { ok: true, data: r.data.notifications ?? [] } : r;
}

/** markRead marks a notification read. */
export function markRead(id: string): Promise<ApiResult<unknown>> {
  return apiCall("POST", `/api/v1/me/notifications/${encodeURIComponent(id)}/read`);
}

/** Notifications is the bell of a signed-in user; nothing for visitors. */
export function Notifications() {
  const { state } = useSession();
  if (state.status !== "signed-in") return null;
  return <Bell />;
}

function Bell() {
  const { lang } = useI18n();
  const { opened, toggle, close, buttonRef } = useDisclosurePanel();
  const [list, setList] = useState<Notification[] | null>(null);
  const [failed, setFailed] = useState(false);

  const refresh = useCallback(async () => {
    const r = await listNotifications();
    setFailed(!r.ok);
    if (r.ok) setList(r.data);
  }, []);
  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), pollEvery);
    return () => window.clearInterval(timer);
  }, [refresh]);
  useWindowEvent("focus", () => void refresh());

  const unread = list ? unreadCount(list) : 0;
  const label = unread > 0 ? nt(lang, "labelUnread", { count: unread }) : nt(lang, "label");

  const choose = async (n: Notification) => {
    close();
    if (!n.read_at) {
      setList((l) => l?.map((x) => (x.id === n.id ? { ...x, read_at: new Date().toISOString() } : x)) ?? l);
      await markRead(n.id);
    }
    navigate(`/docs/${encodeURIComponent(n.doc_id)}`);
  };

  return (
    <Popover opened={opened} onChange={(o) => (o ? undefined : close())} onDismiss={close} position="bottom-end" width={320} shadow="lg" withinPortal={false} closeOnEscape={false}>
      <Popover.Target>
        <UnstyledButton
          ref={buttonRef}
          className="ens-header-button ens-icon-button"
          onClick={() => {
            if (!opened) void refresh();
            toggle();
          }}
          aria-label={label}
          title={label}
          aria-expanded={opened}
          data-testid="notifications-button"
          data-unread={unread}
        >
          <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
            <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
            <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
          </svg>
          {unread > 0 && (
            <span aria-hidden="true" data-testid="notifications-count" style={{ minWidth: "1.1rem", padding: "0 0.3rem", borderRadius: "999px", background: "var(--mantine-color-red-8)", color: "#fff", fontSize: "0.75rem", fontWeight: 700, lineHeight: "1.1rem", textAlign: "center" }}>
              {unread > 99 ? "99+" : unread}
            </span>
          )}
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown data-testid="notifications-panel" p="xs">
        <Text component="h2" fw={600} size="sm" px="xs" py={4}>
          {nt(lang, "title")}
        </Text>
        {failed && !list && (
          <Text size="sm" c="red" px="xs">
            {nt(lang, "failed")}
          </Text>
        )}
        {list && list.length === 0 && (
          <Text size="sm" c="dimmed" px="xs" py={4} data-testid="notifications-empty">
            {nt(lang, "empty")}
          </Text>
        )}
        {list && list.length > 0 && (
          <ul style={{ listStyle: "none", margin: 0, padding: 0, maxHeight: "60vh", overflowY: "auto" }}>
            {list.map((n) => (
              <li key={n.id}>
                <UnstyledButton onClick={() => void choose(n)} data-testid="notification" data-read={n.read_at ? "true" : "false"} style={{ display: "block", width: "100%", padding: "0.4rem 0.5rem", borderRadius: "var(--mantine-radius-sm)", background: n.read_at ? undefined : "var(--ensemble-accent-soft)" }}>
                  <Text size="sm" fw={n.read_at ? 400 : 600}>
                    {notificationText(n, lang)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(n.created_at, lang)}
                  </Text>
                </UnstyledButton>
              </li>
            ))}
          </ul>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
