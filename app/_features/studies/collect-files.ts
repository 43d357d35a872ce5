import { zipEntries } from './zip-entries';

/** A file to upload: its path within what was dropped, and a way to read it when its turn comes. */
export interface PendingFile {
  name: string;
  size: number;
  read: () => Promise<Blob>;
}

const fromFile = (file: File, name = file.webkitRelativePath || file.name): PendingFile => ({ name, size: file.size, read: async () => file });

/** Files from an input or a drop: folders walked, .zip archives opened, everything else as is. */
export async function collectFiles(files: File[]): Promise<PendingFile[]> {
  const out: PendingFile[] = [];
  for (const f of files) {
    if (f.name.toLowerCase().endsWith('.zip')) out.push(...(await inZip(f)));
    else out.push(fromFile(f));
  }
  return out;
}

/** Files from a drag and drop, descending into dropped folders. */
export async function collectDropped(items: DataTransferItemList): Promise<PendingFile[]> {
  const entries = Array.from(items).map((i) => i.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      files.push(new File([file], `${prefix}${file.name}`));
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
    }
  };
  for (const e of entries) await walk(e, '');
  return collectFiles(files);
}

/** A zip's entries, named under the archive's name; an unreadable archive is one file that fails with the reason. */
async function inZip(file: File): Promise<PendingFile[]> {
  try {
    return (await zipEntries(file)).map((e) => ({ ...e, name: `${file.name}/${e.name}` }));
  } catch (err) {
    const reason = `${file.name}: ${(err as Error).message}`;
    return [{ name: file.name, size: file.size, read: () => Promise.reject(new Error(reason)) }];
  }
}
