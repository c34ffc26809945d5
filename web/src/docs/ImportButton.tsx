// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Import a Markdown, DOCX or ODT file as a new document (at the top, or as
// a sub-page): a button that opens the file picker, the upload's progress
// (cancellable), the server's reason when it refuses the file, then the new
// document opens.
import "./search.css";
import { ActionIcon, Button, Progress, Tooltip } from "@mantine/core";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Notice } from "../components/Notice";
import { describeError } from "../format";
import { navigate } from "../router";
import { useDocsI18n } from "./i18n";
import { importable, importAccept, importDoc } from "./search";
import { docPath } from "./ui";

/** IconUpload is an arrow out of a tray. */
function IconUpload({ size = 18 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2M7 9l5-5l5 5M12 4v12" />
    </svg>
  );
}

type Upload = { name: string; loaded: number; total: number; ctl: AbortController };

/**
 * useImport gives an import button and, apart, its status (progress or
 * error) for the caller to place. parentID makes the new document a
 * sub-page; compact gives an icon button.
 */
export function useImport({ parentID, compact = false, testId = "doc-import" }: { parentID?: string; compact?: boolean; testId?: string } = {}): {
  button: ReactNode;
  status: ReactNode;
} {
  const { t } = useDocsI18n();
  const picker = useRef<HTMLInputElement>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Leaving the page cancels the upload under way (and only that does).
  const live = useRef<AbortController | null>(null);
  useEffect(() => () => live.current?.abort(), []);

  const start = async (file: File) => {
    setError(null);
    if (!importable(file.name)) return setError(t("docs.import.badType", { name: file.name }));
    const ctl = new AbortController();
    live.current = ctl;
    setUpload({ name: file.name, loaded: 0, total: file.size, ctl });
    const r = await importDoc(file, parentID ?? null, (loaded, total) => setUpload((u) => (u && u.ctl === ctl ? { ...u, loaded, total } : u)), ctl.signal);
    if (ctl.signal.aborted) return;
    setUpload(null);
    if (r.ok) navigate(docPath(r.data.id));
    else setError(t("docs.import.failed", { name: file.name, reason: describeError(r.error, t) }));
  };

  const label = parentID ? t("docs.import.subpage") : t("docs.import");
  const open = () => picker.current?.click();
  const input = (
    <input
      ref={picker}
      type="file"
      accept={importAccept}
      hidden
      tabIndex={-1}
      aria-hidden="true"
      data-testid={`${testId}-file`}
      onChange={(e) => {
        const file = e.currentTarget.files?.[0];
        e.currentTarget.value = "";
        if (file) void start(file);
      }}
    />
  );
  const button = compact ? (
    <>
      <Tooltip label={label} withArrow>
        <ActionIcon variant="subtle" size="md" aria-label={label} loading={upload !== null} onClick={open} data-testid={testId}>
          <IconUpload size={18} />
        </ActionIcon>
      </Tooltip>
      {input}
    </>
  ) : (
    <>
      <Button variant="default" leftSection={<IconUpload size={18} />} loading={upload !== null} onClick={open} data-testid={testId}>
        {label}
      </Button>
      {input}
    </>
  );

  const percent = upload && upload.total > 0 ? Math.min(100, Math.round((100 * upload.loaded) / upload.total)) : 0;
  const status = upload ? (
    <div className="ens-docs-import-progress" role="status" data-testid={`${testId}-progress`}>
      <span>{t("docs.import.uploading", { name: upload.name, percent })}</span>
      <Progress value={percent} aria-label={t("docs.import.progress", { name: upload.name })} animated={percent >= 100} />
      <Button size="compact-sm" variant="subtle" onClick={() => (upload.ctl.abort(), setUpload(null))} style={{ alignSelf: "flex-start" }}>
        {t("common.cancel")}
      </Button>
    </div>
  ) : error ? (
    <Notice kind="error" onClose={() => setError(null)} testId={`${testId}-error`}>
      {error}
    </Notice>
  ) : null;
  return { button, status };
}
