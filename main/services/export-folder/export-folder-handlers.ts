import { ApiCallError } from '../../core/api/contract';
import type { Handlers } from '../dispatch';
import type { ExportFolder } from './export-folder-service';

type ExportFolderHandlers = Pick<Handlers, 'getExportFolder' | 'setExportFolder' | 'chooseExportFolder' | 'setExportFolderTemplate' | 'writeExportFile' | 'listUnacknowledgedExports' | 'acknowledgeExportFiles'>;

/** The export folder's channels: choosing it (the desktop's folder dialog, or a typed path) and its template, writing into it, and the page's acknowledgement that it marked a file's records exported. */
export function createExportFolderHandlers(deps: { folder: ExportFolder; pickFolder?: () => Promise<string | null> }): ExportFolderHandlers {
  const { folder } = deps;
  return {
    async getExportFolder() {
      return { status: folder.status() };
    },
    async setExportFolder({ path }) {
      return { status: folder.setFolder(path) };
    },
    async chooseExportFolder() {
      if (!deps.pickFolder) throw new ApiCallError('ERR_UNAVAILABLE', 'Choosing a folder in a dialog is only in the desktop app. Type the folder’s path instead.');
      const path = await deps.pickFolder();
      if (path === null) return { status: folder.status(), cancelled: true };
      return { status: folder.setFolder(path), cancelled: false };
    },
    async setExportFolderTemplate({ template }) {
      return { status: folder.setTemplate(template) };
    },
    async writeExportFile(request) {
      return folder.write(request);
    },
    async listUnacknowledgedExports() {
      return { files: folder.unacknowledged() };
    },
    async acknowledgeExportFiles({ fileNames, late }) {
      return { count: folder.acknowledge(fileNames, late) };
    },
  };
}
