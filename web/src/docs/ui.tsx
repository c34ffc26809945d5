// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Small pieces the Docs pages share: role names, a document's shown title,
// the favourite star, the connection badge and the people present.
import "@mantine/core/styles/Tooltip.css";
import "./docs.css";
import { ActionIcon, Tooltip } from "@mantine/core";
import { useState } from "react";
import { initials } from "../auth";
import { describeError } from "../format";
import { useDocsI18n, type DocsT } from "./i18n";
import type { DocsKey } from "./i18n";
import { IconStar } from "./icons";
import { setFavorite, type Doc } from "./api";
import type { ConnectionState, Peer } from "./connection";
import type { DocRole, LinkReach } from "./roles";

/** T is the translate function. */
export type T = DocsT;

export const roleKey: Record<DocRole, DocsKey> = {
  reader: "docs.role.reader",
  commenter: "docs.role.commenter",
  editor: "docs.role.editor",
  administrator: "docs.role.administrator",
  owner: "docs.role.owner",
};

export const reachKey: Record<LinkReach, DocsKey> = {
  restricted: "docs.reach.restricted",
  authenticated: "docs.reach.authenticated",
  public: "docs.reach.public",
};

/** docPath is the address of a document's page. */
export const docPath = (id: string) => `/docs/${encodeURIComponent(id)}`;

/** shownTitle is a document's title, or "Untitled document". */
export function shownTitle(doc: Pick<Doc, "title">, t: T): string {
  return doc.title.trim() || t("docs.untitled");
}

/** DocTitleText renders a title, in italics when the document has none. */
export function DocTitleText({ doc, className }: { doc: Pick<Doc, "title">; className?: string }) {
  const { t } = useDocsI18n();
  const empty = doc.title.trim() === "";
  return <span className={[className, empty ? "ens-untitled" : ""].filter(Boolean).join(" ")}>{shownTitle(doc, t)}</span>;
}

/** FavoriteButton toggles a document in the caller's favourites; onError reports a refusal. */
export function FavoriteButton({ doc, onChange, onError }: { doc: Doc; onChange?: (on: boolean) => void; onError?: (message: string) => void }) {
  const { t } = useDocsI18n();
  const [on, setOn] = useState(doc.is_favorite);
  const [busy, setBusy] = useState(false);
  const label = on ? t("docs.favorite.remove", { title: shownTitle(doc, t) }) : t("docs.favorite.add", { title: shownTitle(doc, t) });
  return (
    <Tooltip label={on ? t("docs.favorite.on") : t("docs.favorite.off")} withArrow>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        className="ens-star"
        aria-label={label}
        aria-pressed={on}
        loading={busy}
        data-testid="doc-favorite"
        onClick={async () => {
          setBusy(true);
          const r = await setFavorite(doc.id, !on);
          setBusy(false);
          if (r.ok) {
            setOn(!on);
            onChange?.(!on);
          } else onError?.(describeError(r.error, t));
        }}
      >
        <IconStar size={20} />
      </ActionIcon>
    </Tooltip>
  );
}

const stateKey: Record<ConnectionState, DocsKey> = {
  connecting: "docs.conn.connecting",
  connected: "docs.conn.connected",
  reconnecting: "docs.conn.reconnecting",
  offline: "docs.conn.offline",
  denied: "docs.conn.denied",
};

const stateHelpKey: Record<ConnectionState, DocsKey> = {
  connecting: "docs.conn.connectingHelp",
  connected: "docs.conn.connectedHelp",
  reconnecting: "docs.conn.reconnectingHelp",
  offline: "docs.conn.offlineHelp",
  denied: "docs.conn.deniedHelp",
};

/** ConnectionBadge says whether edits reach the server, in words (and a coloured dot). */
export function ConnectionBadge({ state, readOnly }: { state: ConnectionState; readOnly: boolean }) {
  const { t } = useDocsI18n();
  const help = state === "offline" && readOnly ? t("docs.conn.offlineReaderHelp") : t(stateHelpKey[state]);
  return (
    <Tooltip label={help} withArrow multiline w={260}>
      <span className="ens-conn" data-state={state} data-testid="doc-connection" role="status" tabIndex={0} aria-label={`${t(stateKey[state])}. ${help}`}>
        {t(stateKey[state])}
      </span>
    </Tooltip>
  );
}

/** Presence shows the other people in the document, in their cursor colours. */
export function Presence({ peers }: { peers: Peer[] }) {
  const { t } = useDocsI18n();
  if (peers.length === 0) return null;
  const shown = peers.slice(0, 5);
  return (
    <ul className="ens-peers" aria-label={t("docs.presence", { count: peers.length })} data-testid="doc-presence">
      {shown.map((p) => (
        <li key={p.clientID}>
          <Tooltip label={p.name} withArrow>
            <span className="ens-peer" style={{ background: p.color }} data-name={p.name} tabIndex={0} aria-label={p.name}>
              {initials(p.name)}
            </span>
          </Tooltip>
        </li>
      ))}
      {peers.length > shown.length && (
        <li>
          <span className="ens-peer" style={{ background: "#495057" }}>
            +{peers.length - shown.length}
          </span>
        </li>
      )}
    </ul>
  );
}
