// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Where a document sits in its tree: the breadcrumb of its parents and the
// panel of its sub-pages (open one, create one under it).
import { ActionIcon, Tooltip } from "@mantine/core";
import { useCallback, useEffect, useState } from "react";
import type { ApiResult } from "../api/client";
import { ListState } from "../components/ListState";
import { describeError } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useDocsI18n } from "./i18n";
import { IconChevronRight, IconDoc, IconPlus } from "../icons";
import { Link, navigate } from "../router";
import { ancestorsOf, createDoc, listChildren, type Doc, type DocAncestor } from "./api";
import { useImport } from "./ImportButton";
import { docPath, DocTitleText } from "./ui";

/**
 * Breadcrumb shows Documents › parents › this page. The parents come with
 * the document (doc.ancestors); only an answer without them (after a move,
 * or from an older server) makes it walk up one GET per parent.
 */
export function Breadcrumb({ doc }: { doc: Doc }) {
  const { t } = useDocsI18n();
  const [walked, setWalked] = useState<DocAncestor[]>([]);
  const given = doc.ancestors;
  useEffect(() => {
    let live = true;
    setWalked([]);
    if (!given && doc.parent_id) void ancestorsOf(doc).then((chain) => live && setWalked(chain));
    return () => {
      live = false;
    };
  }, [doc, given]);
  const parents = given ?? walked;
  return (
    <nav aria-label={t("docs.breadcrumb")} className="ens-breadcrumb" data-testid="doc-breadcrumb">
      <ol>
        <li>
          <Link href="/docs">{t("docs.title")}</Link>
        </li>
        {parents.map((p) => (
          <li key={p.id}>
            <IconChevronRight size={14} />
            <Link href={docPath(p.id)}>
              <DocTitleText doc={p} />
            </Link>
          </li>
        ))}
        <li>
          <IconChevronRight size={14} />
          <span aria-current="page">
            <DocTitleText doc={doc} />
          </span>
        </li>
      </ol>
    </nav>
  );
}

/** SubPages lists the document's sub-pages and creates new ones under it. */
export function SubPages({ doc, canCreate = true, onError }: { doc: Doc; canCreate?: boolean; onError: (text: string) => void }) {
  const { t } = useDocsI18n();
  const load = useCallback((): Promise<ApiResult<Doc[]>> => listChildren(doc.id), [doc.id]);
  const children = useApiResource(load);
  const [busy, setBusy] = useState(false);
  const importer = useImport({ parentID: doc.id, compact: true, testId: "doc-subpage-import" });
  const create = async () => {
    setBusy(true);
    const r = await createDoc("", doc.id);
    setBusy(false);
    if (r.ok) navigate(docPath(r.data.id));
    else onError(describeError(r.error, t));
  };
  return (
    <section className="ens-card ens-doc-side-card" aria-labelledby="doc-subpages-title" data-testid="doc-subpages">
      <h2 id="doc-subpages-title" className="ens-doc-side-title">
        {t("docs.subpages")}
        {canCreate && doc.abilities.edit && !doc.deleted_at && (
          <span className="ens-doc-side-actions">
            {importer.button}
            <Tooltip label={t("docs.subpages.new")} withArrow>
              <ActionIcon variant="subtle" size="md" aria-label={t("docs.subpages.new")} loading={busy} onClick={() => void create()} data-testid="doc-subpage-new">
                <IconPlus size={18} />
              </ActionIcon>
            </Tooltip>
          </span>
        )}
      </h2>
      {importer.status}
      {children.data === null ? (
        children.error?.kind === "http" && (children.error.status === 404 || children.error.status === 405) ? (
          <p className="ens-doc-side-empty">{t("docs.subpages.none")}</p>
        ) : (
          <ListState error={children.error} retry={children.reload} block />
        )
      ) : children.data.length === 0 ? (
        <p className="ens-doc-side-empty">{t("docs.subpages.none")}</p>
      ) : (
        <ul className="ens-subpages">
          {children.data.map((c) => (
            <li key={c.id}>
              <Link href={docPath(c.id)} data-testid="doc-subpage">
                <IconDoc size={16} />
                <DocTitleText doc={c} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
