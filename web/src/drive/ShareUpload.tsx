// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The upload box of the public page of an editor share link (a file
// drop): pick or drop files, each goes up with its own progress bar, one
// after the other, and the folder's list is read again after each.
import "@mantine/core/styles/Progress.css";
import { Button, Progress } from "@mantine/core";
import { useRef, useState, type DragEvent } from "react";
import { Notice } from "../components/Notice";
import { describeError } from "../format";
import { IconUpload } from "./icons";
import { formatSize } from "./format";
import { useDriveI18n } from "./i18n";
import { shareUploadURL } from "./links";
import { answerError, xhrRequest } from "./upload";

interface Sent {
  key: number;
  name: string;
  size: number;
  loaded: number;
  state: "uploading" | "done" | "error";
  message?: string;
}

/** ShareUpload lets whoever has link token add files to its folder (folderID below it, if set). */
export function ShareUpload({ token, folderID, folderName, onUploaded }: { token: string; folderID?: string; folderName: string; onUploaded: () => void }) {
  const { t, lang } = useDriveI18n();
  const input = useRef<HTMLInputElement>(null);
  const [sent, setSent] = useState<Sent[]>([]);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);

  const update = (key: number, change: Partial<Sent>) => setSent((list) => list.map((s) => (s.key === key ? { ...s, ...change } : s)));

  const send = async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    const queued = files.map((f) => ({ file: f, key: ++seq.current }));
    setSent((list) => [...queued.map(({ file, key }): Sent => ({ key, name: file.name, size: file.size, loaded: 0, state: "uploading" })), ...list]);
    for (const { file, key } of queued) {
      const headers = { Accept: "application/json", "Content-Type": file.type || "application/octet-stream" };
      const a = await xhrRequest("PUT", shareUploadURL(token, folderID, file.name), file, headers, (loaded) => update(key, { loaded }), new AbortController().signal);
      if (a.status >= 200 && a.status < 300) {
        const name = (a.body as { name?: string } | undefined)?.name ?? file.name;
        update(key, { state: "done", loaded: file.size, name });
        onUploaded();
      } else {
        update(key, { state: "error", message: describeError(answerError(a), t) });
      }
    }
    setBusy(false);
  };

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void send(Array.from(e.dataTransfer.files));
  };

  return (
    <section className="ens-drive-share-upload" aria-labelledby="share-upload-title" data-testid="share-upload">
      <h2 id="share-upload-title" className="ens-drive-section-title">
        {t("drive.share.page.uploadTitle")}
      </h2>
      <p className="ens-drive-help">{t("drive.share.page.uploadLead")}</p>
      <div
        className="ens-drive-share-drop"
        data-over={over || undefined}
        data-testid="share-upload-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <Button leftSection={<IconUpload size={18} />} onClick={() => input.current?.click()} loading={busy} data-testid="share-upload-pick">
          {t("drive.share.page.uploadPick")}
        </Button>
        <span className="ens-drive-help">{over ? t("drive.share.page.uploadDropHere", { name: folderName }) : t("drive.share.page.uploadDrop")}</span>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          aria-hidden="true"
          data-testid="share-upload-input"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = "";
            void send(files);
          }}
        />
      </div>
      {sent.length > 0 && (
        <ul className="ens-drive-share-sent" aria-label={t("drive.share.page.uploadList")} data-testid="share-upload-list">
          {sent.map((s) => (
            <li key={s.key} data-testid="share-upload-item" data-state={s.state}>
              {s.state === "uploading" && (
                <>
                  <span className="ens-break">
                    {s.name} · {formatSize(s.size, lang)}
                  </span>
                  <Progress value={s.size ? Math.round((s.loaded / s.size) * 100) : 0} aria-label={t("drive.share.page.uploading", { name: s.name })} />
                </>
              )}
              {s.state === "done" && <Notice kind="success">{t("drive.share.page.uploaded", { name: s.name })}</Notice>}
              {s.state === "error" && <Notice kind="error">{t("drive.share.page.uploadFailed", { name: s.name, message: s.message ?? "" })}</Notice>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
