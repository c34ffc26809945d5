// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// /drive, /drive/folder/<id>, /drive/shared and /drive/trash: the side
// navigation with the quota gauge, the view, and the uploads panel. The
// upload queue lives here, so that uploads go on while one browses.
import { useEffect, useMemo, type ComponentType } from "react";
import { RequireUser } from "../components/RequireUser";
import { FolderView } from "../drive/FolderView";
import { drivePaths, driveViewFor, type DriveView } from "../drive/format";
import { useDriveI18n, type DriveKey } from "../drive/i18n";
import { IconShare } from "../drive/icons";
import { SharedView, TrashView } from "../drive/OtherViews";
import { DriveEvents, QuotaGauge, useQuota } from "../drive/ui";
import { pageQueue } from "../drive/resumable";
import { Uploads } from "../drive/Uploads";
import { hasFiles } from "../drive/walker";
import { IconFolder, IconTrash } from "../icons";
import { Link, usePath } from "../router";
import { NotFound } from "./NotFound";
import { PageHeading } from "./PageHeading";
import { PageTitle } from "./PageTitle";

/** isDrivePath tells whether the Drive page handles path. */
export const isDrivePath = (path: string) => path === "/drive" || path.startsWith("/drive/");

const sections: { key: "mine" | "shared" | "trash"; href: string; label: DriveKey; Icon: ComponentType<{ size?: number }> }[] = [
  { key: "mine", href: drivePaths.home, label: "drive.nav.mine", Icon: IconFolder },
  { key: "shared", href: drivePaths.shared, label: "drive.nav.shared", Icon: IconShare },
  { key: "trash", href: drivePaths.trash, label: "drive.nav.trash", Icon: IconTrash },
];

const titleOf = (v: DriveView): DriveKey => (v.kind === "shared" ? "drive.nav.shared" : v.kind === "trash" ? "drive.nav.trash" : "drive.title");

/** Drive is the Drive module's page. */
export function Drive() {
  const { t } = useDriveI18n();
  const path = usePath();
  const view = driveViewFor(path);
  if (view.kind === "unknown") return <NotFound path={path} />;
  return (
    <>
      <PageTitle title={view.kind === "folder" ? t("drive.title") : `${t(titleOf(view))} · ${t("drive.title")}`} />
      <RequireUser>{(user) => <DriveFrame view={view} myId={user.id} />}</RequireUser>
    </>
  );
}

function DriveFrame({ view, myId }: { view: DriveView; myId: string }) {
  const { t } = useDriveI18n();
  const queue = pageQueue();
  // Leaving the page (not the module) would stop the uploads: ask first.
  useEffect(() => {
    const onLeave = (e: BeforeUnloadEvent) => {
      if (queue.snapshot().active > 0) e.preventDefault();
    };
    // A file dropped beside the folder view would make the browser open it
    // in place of the page: refuse such drops (the folder view takes its own).
    const refuse = (e: DragEvent) => {
      if (hasFiles(e.dataTransfer) && !e.defaultPrevented) {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = "none";
      }
    };
    window.addEventListener("beforeunload", onLeave);
    window.addEventListener("dragover", refuse);
    window.addEventListener("drop", refuse);
    return () => {
      window.removeEventListener("beforeunload", onLeave);
      window.removeEventListener("dragover", refuse);
      window.removeEventListener("drop", refuse);
    };
  }, [queue]);
  const quota = useQuota();
  const events = useMemo(() => ({ changed: () => void quota.reload() }), [quota.reload]);
  const current = view.kind === "shared" ? "shared" : view.kind === "trash" ? "trash" : view.kind === "folder" && view.id === "root" ? "mine" : null;

  return (
    <DriveEvents.Provider value={events}>
      <PageHeading title={t("drive.title")} lead={t("drive.lead")} />
      <div className="ens-container ens-drive" data-testid="drive-page">
        <aside>
          <nav className="ens-drive-nav" aria-label={t("drive.nav")}>
            <ul>
              {sections.map(({ key, href, label, Icon }) => (
                <li key={key}>
                  <Link href={href} aria-current={current === key ? "page" : undefined} data-testid={`drive-nav-${key}`}>
                    <Icon size={18} />
                    {t(label)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <QuotaGauge usage={quota.data} />
        </aside>
        {view.kind === "folder" ? <FolderView key={view.id} id={view.id} myId={myId} queue={queue} /> : view.kind === "shared" ? <SharedView /> : <TrashView />}
      </div>
      <Uploads queue={queue} />
    </DriveEvents.Provider>
  );
}
