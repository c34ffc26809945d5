// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The versions of a file: the list (newest first), restoring an earlier
// one (which becomes a new current version), and uploading a new one.
import "@mantine/core/styles/Progress.css";
import { Button, Modal, Progress } from "@mantine/core";
import { useCallback, useRef, useState } from "react";
import type { ApiResult } from "../api/client";
import { ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeError, formatDateTime } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { IconDownload } from "../icons";
import { contentURL, fileURL, listVersions, restoreVersion, type Node, type Version } from "./api";
import { formatSize } from "./format";
import { useDriveI18n } from "./i18n";
import { IconRestore, IconUpload } from "./icons";
import { xhrSend } from "./upload";

/** VersionsDialog lists node's versions; onChanged runs after the current content changed. */
export function VersionsDialog({ node, onClose, onChanged }: { node: Node; onClose: () => void; onChanged: () => void }) {
  const { t, lang } = useDriveI18n();
  const load = useCallback((): Promise<ApiResult<Version[]>> => listVersions(node.id), [node.id]);
  const versions = useApiResource(load);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const upload = async (file: File) => {
    setNotice(null);
    setProgress(0);
    const r = await xhrSend("PUT", `${fileURL(node.id)}/content`, file, (loaded) => setProgress(file.size ? Math.round((loaded / file.size) * 100) : 100), new AbortController().signal);
    setProgress(null);
    if (r.ok) {
      setNotice({ kind: "success", text: t("drive.versions.uploaded") });
      onChanged();
      void versions.reload();
    } else setNotice({ kind: "error", text: describeError(r.error, t) });
  };

  return (
    <Modal opened onClose={onClose} title={t("drive.versions.title", { name: node.name })} centered size="lg" closeButtonProps={{ "aria-label": t("common.close") }}>
      <div className="ens-form" data-testid="drive-versions">
        <p className="ens-drive-help" style={{ marginTop: 0 }}>
          {t("drive.versions.lead")}
        </p>
        {notice && (
          <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="drive-versions-notice">
            {notice.text}
          </Notice>
        )}
        {versions.data === null ? (
          <ListState error={versions.error} retry={versions.reload} block />
        ) : (
          <ol className="ens-drive-versions" aria-label={t("drive.versions")}>
            {versions.data.map((v) => {
              const date = formatDateTime(v.created_at, lang);
              return (
                <li key={v.id} data-testid="drive-version" data-current={v.current ? "true" : "false"} data-size={v.size}>
                  <span>
                    {t("drive.versions.row", { date, size: formatSize(v.size, lang) })}
                    {v.current && <span className="ens-tag ens-tag-accent">{t("drive.versions.current")}</span>}
                  </span>
                  {!v.current && (
                    <Button
                      variant="default"
                      size="xs"
                      leftSection={<IconRestore size={16} />}
                      aria-label={t("drive.versions.restoreOf", { date })}
                      data-testid="drive-version-restore"
                      onClick={async () => {
                        const r = await restoreVersion(node.id, v.id);
                        if (r.ok) {
                          setNotice({ kind: "success", text: t("drive.versions.restored", { date }) });
                          onChanged();
                          void versions.reload();
                        } else setNotice({ kind: "error", text: describeError(r.error, t) });
                      }}
                    >
                      {t("drive.versions.restore")}
                    </Button>
                  )}
                </li>
              );
            })}
          </ol>
        )}
        {progress !== null && (
          <div role="status">
            <p className="ens-drive-num">{t("drive.versions.uploading", { percent: progress })}</p>
            <Progress value={progress} aria-label={t("drive.versions.upload")} />
          </div>
        )}
        <input
          ref={input}
          type="file"
          className="ens-visually-hidden-input"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="drive-version-input"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = "";
            if (f) void upload(f);
          }}
        />
        <div className="ens-dialog-actions">
          <Button component="a" href={contentURL(node.id)} download={node.name} variant="default" leftSection={<IconDownload size={18} />}>
            {t("drive.download")}
          </Button>
          <Button leftSection={<IconUpload size={18} />} onClick={() => input.current?.click()} loading={progress !== null} data-testid="drive-version-upload">
            {t("drive.versions.upload")}
          </Button>
        </div>
      </div>
    </Modal>
  );
}
