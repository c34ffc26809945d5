// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// /docs: the caller's documents in six lists (all, mine, shared with me,
// favourites, recent, trash), each with its own empty state, and the
// "New document" button. The list shown is in the address (?filter=…).
import { Button, Group, Tabs, Tooltip, ActionIcon } from "@mantine/core";
import { useCallback, useState, type ReactNode } from "react";
import type { ApiResult } from "../api/client";
import { EmptyState, ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { RequireUser } from "../components/RequireUser";
import { createDoc, docFilters, isDocFilter, listDocs, purgeDoc, restoreDoc, type Doc, type DocFilter } from "../docs/api";
import { IconClock, IconRestore, IconShare, IconStar } from "../docs/icons";
import { docPath, DocTitleText, FavoriteButton, roleKey, shownTitle } from "../docs/ui";
import { useImport } from "../docs/ImportButton";
import { SearchBox } from "../docs/SearchBox";
import { describeError, formatDateTime } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useConfirmAction } from "../hooks/useConfirmAction";
import { useDocsI18n } from "../docs/i18n";
import type { DocsKey } from "../docs/i18n";
import { IconDoc, IconList, IconPlus, IconTrash, IconUser } from "../icons";
import { Link, navigate, useSearch } from "../router";
import { PageHeading } from "./PageHeading";
import { PageTitle } from "./PageTitle";

const tabIcons = { all: IconList, mine: IconUser, shared: IconShare, favorites: IconStar, recent: IconClock, trash: IconTrash } satisfies Record<DocFilter, unknown>;

/** filterFrom reads ?filter= from a query string; anything else gives "all". */
export function filterFrom(search: string): DocFilter {
  const f = new URLSearchParams(search).get("filter");
  return isDocFilter(f) ? f : "all";
}

/** DocsHome is /docs. */
export function DocsHome() {
  const { t } = useDocsI18n();
  return (
    <>
      <PageTitle title={t("docs.title")} />
      <RequireUser>{() => <Home />}</RequireUser>
    </>
  );
}

function Home() {
  const { t } = useDocsI18n();
  const filter = filterFrom(useSearch());
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const importer = useImport();

  const create = async () => {
    setCreating(true);
    setError(null);
    const r = await createDoc("");
    setCreating(false);
    if (r.ok) navigate(docPath(r.data.id));
    else setError(describeError(r.error, t));
  };
  const newButton = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => void create()} loading={creating} data-testid="doc-new">
      {t("docs.new")}
    </Button>
  );

  return (
    <>
      <PageHeading title={t("docs.title")} lead={t("docs.lead")} />
      <div className="ens-container ens-docs-home" data-testid="docs-home">
        <SearchBox label={t("docs.search.label")} shortcut />
        <div className="ens-toolbar">
          <h2 className="ens-section-title ens-section-title-flush">{t(`docs.filter.${filter}.title` as DocsKey)}</h2>
          <Group gap="sm">
            {importer.button}
            {newButton}
          </Group>
        </div>
        {importer.status}
        {error && (
          <Notice kind="error" onClose={() => setError(null)} testId="doc-new-error">
            {error}
          </Notice>
        )}
        <Tabs value={filter} onChange={(v) => v && navigate(v === "all" ? "/docs" : `/docs?filter=${v}`, { replace: true })} keepMounted={false} className="ens-tabs ens-docs-tabs">
          <Tabs.List aria-label={t("docs.filters")}>
            {docFilters.map((f) => {
              const Icon = tabIcons[f];
              return (
                <Tabs.Tab key={f} value={f} leftSection={<Icon size={18} />} data-testid={`docs-tab-${f}`}>
                  {t(`docs.filter.${f}` as DocsKey)}
                </Tabs.Tab>
              );
            })}
          </Tabs.List>
          {docFilters.map((f) => (
            <Tabs.Panel key={f} value={f} pt="lg">
              <DocList filter={f} newButton={newButton} />
            </Tabs.Panel>
          ))}
        </Tabs>
      </div>
    </>
  );
}

function DocList({ filter, newButton }: { filter: DocFilter; newButton: ReactNode }) {
  const { t, lang } = useDocsI18n();
  const load = useCallback((): Promise<ApiResult<Doc[]>> => listDocs(filter), [filter]);
  const { data, error, reload } = useApiResource(load);
  const { ask, dialog } = useConfirmAction();
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  const shownNotice = notice && (
    <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="docs-notice">
      {notice.text}
    </Notice>
  );
  if (data === null) return <ListState error={error} retry={reload} block />;
  if (data.length === 0) {
    const Icon = tabIcons[filter];
    return (
      <div className="ens-docs-stack">
        {shownNotice}
        <EmptyState
        icon={<Icon size={30} />}
        title={t(`docs.empty.${filter}.title` as DocsKey)}
        body={t(`docs.empty.${filter}.body` as DocsKey)}
        className="ens-empty ens-empty-cta"
        testId="docs-empty"
      >
          {(filter === "all" || filter === "mine") && <div className="ens-empty-actions">{newButton}</div>}
        </EmptyState>
      </div>
    );
  }
  const trash = filter === "trash";
  return (
    <div className="ens-docs-stack">
      {shownNotice}
      <ul className="ens-doc-list" aria-label={t(`docs.filter.${filter}.title` as DocsKey)} data-testid="doc-list">
        {data.map((d) => (
          <li key={d.id} className="ens-doc-row" data-testid="doc-row" data-title={d.title}>
            <Link href={docPath(d.id)} className="ens-doc-row-main">
              <span className="ens-doc-row-icon" aria-hidden="true">
                <IconDoc size={20} />
              </span>
              <span className="ens-doc-row-text">
                <DocTitleText doc={d} className="ens-doc-row-title" />
                <span className="ens-doc-row-meta">
                  {trash ? t("docs.deletedOn", { date: formatDateTime(d.deleted_at, lang) }) : t("docs.updatedOn", { date: formatDateTime(d.updated_at, lang) })}
                </span>
              </span>
            </Link>
            <span className="ens-doc-row-role">{d.role && <span className="ens-tag ens-tag-accent">{t(roleKey[d.role])}</span>}</span>
            <span className="ens-doc-row-actions">
              {trash ? (
                <>
                  <Tooltip label={t("docs.restore")} withArrow>
                    <ActionIcon
                      variant="subtle"
                      size="lg"
                      aria-label={t("docs.restoreTitle", { title: shownTitle(d, t) })}
                      data-testid="doc-row-restore"
                      onClick={async () => {
                        const r = await restoreDoc(d.id);
                        if (r.ok) {
                          setNotice({ kind: "success", text: t("docs.restored", { title: shownTitle(d, t) }) });
                          void reload();
                        } else setNotice({ kind: "error", text: describeError(r.error, t) });
                      }}
                    >
                      <IconRestore size={20} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={t("docs.purge")} withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      aria-label={t("docs.purgeTitle", { title: shownTitle(d, t) })}
                      data-testid="doc-row-purge"
                      onClick={() =>
                        ask({
                          title: t("docs.purge.confirmTitle", { title: shownTitle(d, t) }),
                          body: t("docs.purge.confirmBody"),
                          confirm: t("docs.purge"),
                          danger: true,
                          run: async () => {
                            const r = await purgeDoc(d.id);
                            if (!r.ok) return describeError(r.error, t);
                            void reload();
                            return null;
                          },
                        })
                      }
                    >
                      <IconTrash size={20} />
                    </ActionIcon>
                  </Tooltip>
                </>
              ) : (
                <FavoriteButton doc={d} onChange={() => filter === "favorites" && void reload()} onError={(text) => setNotice({ kind: "error", text })} />
              )}
            </span>
          </li>
        ))}
      </ul>
      {trash && <p className="ens-docs-help ens-docs-trash-help">{t("docs.trash.help")}</p>}
      {dialog}
    </div>
  );
}
