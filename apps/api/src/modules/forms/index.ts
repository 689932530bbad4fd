import type { TongbanModule } from '../../platform/module.ts';
import { rememberSubmittedValues, useFieldCipher } from './forms.prefill.ts';
import { formsRoutes } from './forms.routes.ts';
import { registerFormats } from './forms.validation.ts';

// Before any route schema is compiled (at app.ready), so every module may use our formats.
registerFormats();

export {
  type BundleFormPart,
  bundlePrefillFor,
  type CheckedBundleData,
  checkBundleData,
  formPartsOf,
  getBundleForm,
} from './forms.bundle.ts';
export { seedDemoForms } from './forms.demo.ts';
export { prefillFor } from './forms.prefill.ts';
export {
  type CheckedFormData,
  checkApplicationData,
  formVariables,
  getItemForm,
  type ItemForm,
  saveFormDefinition,
  validateApplicationData,
} from './forms.service.ts';
export { registerFormats } from './forms.validation.ts';

export const formsModule: TongbanModule = {
  name: 'forms',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  routes: formsRoutes,
  encryptedColumns: [
    { table: 'forms_remembered_values', key: ['account_id', 'field_code'], columns: ['value_enc'] },
  ],
  subscribe: (ctx) => {
    useFieldCipher(ctx.fields);
    ctx.outbox.on('application.submitted', 'forms.rememberValues', (event, meta) =>
      rememberSubmittedValues(meta.db, event, Number(meta.eventId)),
    );
    // Values corrected after a return for supplement (补正) are the applicant's latest.
    ctx.outbox.on('application.supplemented', 'forms.rememberSupplemented', (event, meta) =>
      rememberSubmittedValues(meta.db, event, Number(meta.eventId)),
    );
  },
};
