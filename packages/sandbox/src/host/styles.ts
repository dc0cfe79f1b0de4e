/** The host's stylesheet (shell + UI Kit renderer), over Atlassian's design tokens (served with it). */
export const HOST_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; }
body {
  font: var(--ds-font-body, 400 14px/20px ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", Ubuntu, system-ui, sans-serif);
  color: var(--ds-text); background: var(--ds-surface);
}
button, input, select, textarea { font: inherit; color: inherit; }
.host-frame { padding: 2px; }
.host-error, .fk-host-error {
  border: 2px solid var(--ds-border-danger, #E2483D); background: var(--ds-background-danger, #FFECEB);
  color: var(--ds-text-danger); border-radius: var(--ds-border-radius); padding: var(--ds-space-150) var(--ds-space-200); margin: var(--ds-space-100) 0;
}
.host-error pre, .fk-host-error pre { white-space: pre-wrap; margin: var(--ds-space-100) 0 0; font: var(--ds-font-code); }

/* ---- UI Kit components ---------------------------------------------------------------------------------- */
.fk-app { min-height: 24px; }
.fk-loading { padding: var(--ds-space-200); display: flex; justify-content: center; }
.fk-text { margin: 0; }
.fk-text--small { font: var(--ds-font-body-small); }
.fk-text--large { font: var(--ds-font-body-large); }
.fk-subtle { color: var(--ds-text-subtle); }
.fk-heading { margin: 0; color: var(--ds-text); }
.fk-heading--xxlarge { font: var(--ds-font-heading-xxlarge); }
.fk-heading--xlarge { font: var(--ds-font-heading-xlarge); }
.fk-heading--large { font: var(--ds-font-heading-large); }
.fk-heading--medium { font: var(--ds-font-heading-medium); }
.fk-heading--small { font: var(--ds-font-heading-small); }
.fk-heading--xsmall { font: var(--ds-font-heading-xsmall); }
.fk-heading--xxsmall { font: var(--ds-font-heading-xxsmall); }
.fk-link { color: var(--ds-link); text-decoration: none; }
.fk-link:hover { text-decoration: underline; color: var(--ds-link-pressed, var(--ds-link)); }
.fk-link--invalid { color: var(--ds-text-subtle); text-decoration: line-through; }
.fk-code { font: var(--ds-font-code); background: var(--ds-background-neutral); border-radius: var(--ds-border-radius); padding: 0 var(--ds-space-050); }
.fk-codeblock { font: var(--ds-font-code); line-height: 20px; background: var(--ds-background-neutral); border-radius: var(--ds-border-radius); padding: var(--ds-space-100); overflow: auto; margin: 0; }
.fk-codeblock__no { display: inline-block; width: 2.5em; color: var(--ds-text-subtlest); user-select: none; }
.fk-list { margin: 0; padding-inline-start: var(--ds-space-300); }
.fk-separator { color: var(--ds-text-subtlest); }

.fk-lozenge {
  display: inline-block; box-sizing: border-box; max-width: 200px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  vertical-align: baseline; padding: 0 var(--ds-space-050); border-radius: var(--ds-border-radius-050, 3px);
  font: var(--ds-font-body-small); font-weight: var(--ds-font-weight-bold, 700); line-height: 16px; text-transform: uppercase;
  background: var(--ds-background-neutral); color: var(--ds-text-subtle);
}
.fk-lozenge--success { background: var(--ds-background-success); color: var(--ds-text-success); }
.fk-lozenge--removed { background: var(--ds-background-danger); color: var(--ds-text-danger); }
.fk-lozenge--inprogress { background: var(--ds-background-information); color: var(--ds-text-information); }
.fk-lozenge--new { background: var(--ds-background-discovery); color: var(--ds-text-discovery); }
.fk-lozenge--moved { background: var(--ds-background-warning); color: var(--ds-text-warning); }
.fk-lozenge--bold { background: var(--ds-background-neutral-bold); color: var(--ds-text-inverse); }
.fk-lozenge--bold.fk-lozenge--success { background: var(--ds-background-success-bold); }
.fk-lozenge--bold.fk-lozenge--removed { background: var(--ds-background-danger-bold); }
.fk-lozenge--bold.fk-lozenge--inprogress { background: var(--ds-background-information-bold); }
.fk-lozenge--bold.fk-lozenge--new { background: var(--ds-background-discovery-bold); }
.fk-lozenge--bold.fk-lozenge--moved { background: var(--ds-background-warning-bold); color: var(--ds-text-warning-inverse); }

.fk-badge {
  display: inline-block; min-width: 24px; padding: 0 var(--ds-space-075); border-radius: 8px; text-align: center;
  font: var(--ds-font-body-small); line-height: 16px; background: var(--ds-background-neutral); color: var(--ds-text);
}
.fk-badge--primary { background: var(--ds-background-brand-bold); color: var(--ds-text-inverse); }
.fk-badge--primaryInverted { background: var(--ds-surface); color: var(--ds-text-brand); }
.fk-badge--important { background: var(--ds-background-danger-bold); color: var(--ds-text-inverse); }
.fk-badge--added { background: var(--ds-background-success); color: var(--ds-text-success); }
.fk-badge--removed { background: var(--ds-background-danger); color: var(--ds-text-danger); }

.fk-progress { height: 6px; border-radius: 3px; background: var(--ds-background-neutral); overflow: hidden; position: relative; }
.fk-progress__bar { height: 100%; background: var(--ds-background-neutral-bold); border-radius: 3px; transition: width .2s; }
.fk-progress--success .fk-progress__bar { background: var(--ds-background-success-bold); }
.fk-progress--inverse { background: var(--ds-background-inverse-subtle, #0000003D); }
.fk-progress--inverse .fk-progress__bar { background: var(--ds-surface); }
.fk-progress--indeterminate .fk-progress__bar { width: 40%; animation: fk-indeterminate 1.2s infinite ease-in-out; }
@keyframes fk-indeterminate { from { transform: translateX(-100%); } to { transform: translateX(250%); } }

.fk-section { display: flex; gap: var(--ds-space-200); padding: var(--ds-space-200); border-radius: var(--ds-border-radius); background: var(--ds-background-information); }
.fk-section__icon { flex: none; width: 24px; height: 24px; display: inline-flex; align-items: center; justify-content: center; font-size: 16px; color: var(--ds-icon-information, #1D7AFC); }
.fk-section__content { flex: 1; min-width: 0; display: flex; flex-direction: column; gap: var(--ds-space-100); }
.fk-section__title { margin: 0; font: var(--ds-font-heading-small); }
.fk-section__actions { display: flex; gap: var(--ds-space-150); }
.fk-section--warning { background: var(--ds-background-warning); } .fk-section--warning .fk-section__icon { color: var(--ds-icon-warning, #E56910); }
.fk-section--error { background: var(--ds-background-danger); } .fk-section--error .fk-section__icon { color: var(--ds-icon-danger, #E2483D); }
.fk-section--success { background: var(--ds-background-success); } .fk-section--success .fk-section__icon { color: var(--ds-icon-success, #22A06B); }
.fk-section--discovery { background: var(--ds-background-discovery); } .fk-section--discovery .fk-section__icon { color: var(--ds-icon-discovery, #8270DB); }
.fk-section--note { background: var(--ds-background-discovery); }

.fk-spinner { display: inline-block; width: 24px; height: 24px; border-radius: 50%; border: 2px solid var(--ds-border, #091E4224); border-top-color: var(--ds-icon-subtle, #626F86); animation: fk-spin .8s linear infinite; vertical-align: middle; }
.fk-spinner--inline { width: 14px; height: 14px; }
.fk-spinner--invert { border-color: #FFFFFF55; border-top-color: #FFFFFF; }
@keyframes fk-spin { to { transform: rotate(360deg); } }

.fk-button {
  display: inline-flex; align-items: center; justify-content: center; gap: var(--ds-space-050); height: 32px; padding: 0 var(--ds-space-150);
  border: 0; border-radius: var(--ds-border-radius); cursor: pointer; white-space: nowrap; font-weight: var(--ds-font-weight-medium, 500);
  background: var(--ds-background-neutral); color: var(--ds-text-subtle); text-decoration: none; vertical-align: middle;
  transition: background .1s ease-out;
}
.fk-button:hover { background: var(--ds-background-neutral-hovered); }
.fk-button:active { background: var(--ds-background-neutral-pressed); }
.fk-button:focus-visible { outline: 2px solid var(--ds-border-focused); outline-offset: 2px; }
.fk-button:disabled { cursor: not-allowed; background: var(--ds-background-disabled); color: var(--ds-text-disabled); }
.fk-button--primary { background: var(--ds-background-brand-bold); color: var(--ds-text-inverse); }
.fk-button--primary:hover { background: var(--ds-background-brand-bold-hovered); }
.fk-button--primary:active { background: var(--ds-background-brand-bold-pressed); }
.fk-button--warning { background: var(--ds-background-warning-bold); color: var(--ds-text-warning-inverse); }
.fk-button--danger { background: var(--ds-background-danger-bold); color: var(--ds-text-inverse); }
.fk-button--discovery { background: var(--ds-background-discovery-bold); color: var(--ds-text-inverse); }
.fk-button--subtle { background: transparent; }
.fk-button--subtle:hover { background: var(--ds-background-neutral-subtle-hovered); }
.fk-button--link, .fk-button--subtle-link { background: transparent; color: var(--ds-link); padding: 0 var(--ds-space-050); }
.fk-button--subtle-link { color: var(--ds-text-subtle); }
.fk-button--link:hover, .fk-button--subtle-link:hover { background: transparent; text-decoration: underline; }
.fk-button--selected { background: var(--ds-background-selected); color: var(--ds-text-selected); }
.fk-button--fit { width: 100%; }
.fk-button--compact { height: 24px; padding: 0 var(--ds-space-100); }
.fk-button__icon { font-size: 14px; line-height: 1; }
.fk-button-group { display: inline-flex; gap: var(--ds-space-050); }
.fk-pressable { border: 0; background: transparent; padding: 0; cursor: pointer; text-align: inherit; }

.fk-form { display: flex; flex-direction: column; gap: var(--ds-space-100); max-width: 480px; }
.fk-form__header { margin-bottom: var(--ds-space-100); }
.fk-form__section { border: 0; padding: 0; margin: var(--ds-space-200) 0 0; display: flex; flex-direction: column; gap: var(--ds-space-100); }
.fk-form__footer { display: flex; justify-content: flex-end; gap: var(--ds-space-100); margin-top: var(--ds-space-200); }
.fk-form__footer--start { justify-content: flex-start; }
.fk-label { display: block; font: var(--ds-font-body-small); font-weight: var(--ds-font-weight-semibold, 600); color: var(--ds-text-subtle); margin-top: var(--ds-space-100); }
.fk-required { color: var(--ds-text-danger); }
.fk-message { font: var(--ds-font-body-small); display: flex; gap: var(--ds-space-050); color: var(--ds-text-subtlest); }
.fk-message--error { color: var(--ds-text-danger); }
.fk-message--error::before { content: "⛔"; }
.fk-message--valid { color: var(--ds-text-success); }
.fk-message--valid::before { content: "✔"; }

.fk-input {
  display: flex; align-items: center; width: 100%; min-height: 40px; border: 1px solid var(--ds-border-input); border-radius: var(--ds-border-radius);
  background: var(--ds-background-input); transition: background .2s, border-color .2s;
}
.fk-input:hover { background: var(--ds-background-input-hovered); }
.fk-input:focus-within { border-color: var(--ds-border-focused); box-shadow: inset 0 0 0 1px var(--ds-border-focused); background: var(--ds-background-input-pressed, var(--ds-background-input)); }
.fk-input--invalid { border-color: var(--ds-border-danger); box-shadow: inset 0 0 0 1px var(--ds-border-danger); }
.fk-input--disabled { background: var(--ds-background-disabled); border-color: var(--ds-background-disabled); color: var(--ds-text-disabled); }
.fk-input--compact { min-height: 32px; }
.fk-input__field { flex: 1; min-width: 0; border: 0; outline: 0; background: transparent; padding: var(--ds-space-100) var(--ds-space-075); }
.fk-input--area .fk-input__field { min-height: 60px; }
.fk-select select.fk-input__field { appearance: auto; cursor: pointer; }
.fk-select--multi select.fk-input__field { min-height: 80px; }
.fk-checkbox, .fk-radio { display: inline-flex; align-items: center; gap: var(--ds-space-100); cursor: pointer; padding: var(--ds-space-050) 0; }
.fk-checkbox input, .fk-radio input { width: 14px; height: 14px; accent-color: var(--ds-background-selected-bold, #0C66E4); margin: 0; }
.fk-checkbox--disabled { color: var(--ds-text-disabled); cursor: not-allowed; }
.fk-choice-group { display: flex; flex-direction: column; }
.fk-toggle { position: relative; display: inline-flex; cursor: pointer; }
.fk-toggle input { position: absolute; opacity: 0; width: 100%; height: 100%; margin: 0; cursor: pointer; }
.fk-toggle__track { width: 32px; height: 16px; border-radius: 8px; background: var(--ds-background-neutral-bold); position: relative; transition: background .2s; padding: 2px; box-sizing: content-box; }
.fk-toggle__thumb { position: absolute; top: 2px; left: 2px; width: 16px; height: 16px; border-radius: 50%; background: var(--ds-icon-inverse, #fff); transition: left .2s; }
.fk-toggle input:checked + .fk-toggle__track { background: var(--ds-background-success-bold); }
.fk-toggle input:checked + .fk-toggle__track .fk-toggle__thumb { left: 18px; }
.fk-toggle input:focus-visible + .fk-toggle__track { outline: 2px solid var(--ds-border-focused); outline-offset: 2px; }
.fk-toggle--large .fk-toggle__track { width: 40px; height: 20px; }
.fk-toggle--large .fk-toggle__thumb { width: 20px; height: 20px; }
.fk-toggle--large input:checked + .fk-toggle__track .fk-toggle__thumb { left: 22px; }
.fk-toggle--disabled { opacity: .5; cursor: not-allowed; }
.fk-range { width: 100%; accent-color: var(--ds-background-brand-bold); }

.fk-table { position: relative; width: 100%; }
.fk-table table { width: 100%; border-collapse: collapse; }
.fk-table--fixed { table-layout: fixed; }
.fk-table caption { text-align: left; font: var(--ds-font-heading-small); padding-bottom: var(--ds-space-100); }
.fk-table th { text-align: left; font: var(--ds-font-body-small); font-weight: var(--ds-font-weight-bold, 700); color: var(--ds-text-subtle); border-bottom: 2px solid var(--ds-border); padding: var(--ds-space-050) var(--ds-space-100); }
.fk-table td { padding: var(--ds-space-050) var(--ds-space-100); border-bottom: 1px solid var(--ds-border); vertical-align: middle; height: 40px; }
.fk-table tbody tr:hover { background: var(--ds-background-neutral-subtle-hovered); }
.fk-table__clickable { cursor: pointer; }
.fk-table__highlight { background: var(--ds-background-selected); }
.fk-table__sort { border: 0; background: transparent; padding: 0; font: inherit; color: inherit; cursor: pointer; display: inline-flex; gap: var(--ds-space-050); align-items: center; }
.fk-table__sort:hover { color: var(--ds-text); }
.fk-table__arrow { color: var(--ds-text-subtlest); font-size: 11px; }
.fk-table__sorted .fk-table__arrow { color: var(--ds-text); }
.fk-table__empty { padding: var(--ds-space-300); text-align: center; color: var(--ds-text-subtle); }
.fk-table__overlay { position: absolute; inset: 0; background: #FFFFFFAA; display: flex; align-items: center; justify-content: center; }
.fk-pagination { display: flex; justify-content: center; gap: var(--ds-space-050); margin-top: var(--ds-space-150); }
.fk-pagination__page, .fk-pagination__nav { min-width: 32px; height: 32px; border: 0; border-radius: var(--ds-border-radius); background: transparent; cursor: pointer; color: var(--ds-text); }
.fk-pagination__page:hover, .fk-pagination__nav:hover:not(:disabled) { background: var(--ds-background-neutral-subtle-hovered); }
.fk-pagination__page--current { background: var(--ds-background-selected); color: var(--ds-text-selected); font-weight: 600; }
.fk-pagination__nav:disabled { color: var(--ds-text-disabled); cursor: not-allowed; }
.fk-pagination__ellipsis { align-self: center; padding: 0 var(--ds-space-050); }

.fk-tabs__list { display: flex; gap: var(--ds-space-050); border-bottom: 2px solid var(--ds-border); }
.fk-tabs__tab { border: 0; background: transparent; padding: var(--ds-space-100) var(--ds-space-100); margin-bottom: -2px; cursor: pointer; color: var(--ds-text-subtle); font-weight: var(--ds-font-weight-medium, 500); border-bottom: 2px solid transparent; }
.fk-tabs__tab:hover { color: var(--ds-text); border-bottom-color: var(--ds-border-bold, #758195); }
.fk-tabs__tab--selected { color: var(--ds-text-selected); border-bottom-color: var(--ds-border-selected, #0C66E4); }
.fk-tabs__panel { padding-top: var(--ds-space-100); }

.fk-blanket { position: fixed; inset: 0; background: var(--ds-blanket, #091E427D); display: flex; align-items: flex-start; justify-content: center; padding-top: 40px; z-index: 100; }
.fk-modal { max-width: calc(100vw - 32px); max-height: calc(100vh - 80px); display: flex; flex-direction: column; background: var(--ds-surface-overlay); border-radius: var(--ds-border-radius-200, 8px); box-shadow: var(--ds-shadow-overlay); }
.fk-modal__header { padding: var(--ds-space-300) var(--ds-space-300) var(--ds-space-100); display: flex; align-items: center; justify-content: space-between; }
.fk-modal__title { margin: 0; font: var(--ds-font-heading-medium); }
.fk-modal__title--danger::before { content: "⛔ "; } .fk-modal__title--warning::before { content: "⚠ "; }
.fk-modal__body { padding: var(--ds-space-100) var(--ds-space-300); overflow: auto; }
.fk-modal__footer { padding: var(--ds-space-300); display: flex; justify-content: flex-end; gap: var(--ds-space-100); }
body.fk-modal-open { min-height: 520px; }

.fk-tag { display: inline-flex; align-items: center; gap: var(--ds-space-050); height: 20px; padding: 0 var(--ds-space-050); border-radius: var(--ds-border-radius-050, 3px); background: var(--ds-background-neutral); font: var(--ds-font-body-small); line-height: 20px; }
.fk-tag a { color: var(--ds-link); }
.fk-tag__remove { border: 0; background: transparent; cursor: pointer; padding: 0 2px; }
.fk-tag--blue { background: var(--ds-background-accent-blue-subtler); } .fk-tag--green { background: var(--ds-background-accent-green-subtler); }
.fk-tag--red { background: var(--ds-background-accent-red-subtler); } .fk-tag--yellow { background: var(--ds-background-accent-yellow-subtler); }
.fk-tag--purple { background: var(--ds-background-accent-purple-subtler); } .fk-tag--teal { background: var(--ds-background-accent-teal-subtler); }
.fk-tag--grey { background: var(--ds-background-accent-gray-subtler); }
.fk-taggroup { display: flex; flex-wrap: wrap; gap: var(--ds-space-050); }
.fk-image { max-width: 100%; }
.fk-empty { margin: var(--ds-space-300) auto; text-align: center; display: flex; flex-direction: column; gap: var(--ds-space-150); align-items: center; }
.fk-empty__actions { display: flex; gap: var(--ds-space-100); }
.fk-icon { display: inline-flex; align-items: center; justify-content: center; line-height: 1; color: var(--ds-icon, #44546F); }
.fk-tracker { display: flex; list-style: none; padding: 0; margin: 0; gap: var(--ds-space-100); }
.fk-tracker__step { flex: 1; display: flex; flex-direction: column; gap: var(--ds-space-050); font: var(--ds-font-body-small); color: var(--ds-text-subtlest); border-top: 4px solid var(--ds-background-neutral); padding-top: var(--ds-space-050); }
.fk-tracker__step--visited, .fk-tracker__step--current { border-top-color: var(--ds-background-brand-bold); color: var(--ds-text); }
.fk-tracker__dot { display: none; }
.fk-breadcrumbs { display: flex; gap: var(--ds-space-050); color: var(--ds-text-subtlest); }
.fk-breadcrumbs__item + .fk-breadcrumbs__item::before { content: "/"; margin-right: var(--ds-space-050); }
.fk-avatar { display: inline-flex; align-items: center; justify-content: center; flex: none; border-radius: 50%; color: #fff; font-weight: 600; line-height: 1; }
.fk-user { display: inline-flex; align-items: center; gap: var(--ds-space-075); vertical-align: middle; }
.fk-usergroup { display: inline-flex; gap: var(--ds-space-050); }
.fk-userpicker { position: relative; }
.fk-userpicker__box { flex-wrap: wrap; gap: var(--ds-space-050); padding-left: var(--ds-space-050); }
.fk-userpicker__chip { display: inline-flex; align-items: center; gap: var(--ds-space-050); background: var(--ds-background-neutral); border-radius: 12px; padding: 0 var(--ds-space-050); }
.fk-userpicker__chip button { border: 0; background: transparent; cursor: pointer; }
.fk-menu { position: absolute; z-index: 20; left: 0; right: 0; margin: var(--ds-space-050) 0 0; padding: var(--ds-space-050) 0; list-style: none; background: var(--ds-surface-overlay); box-shadow: var(--ds-shadow-overlay); border-radius: var(--ds-border-radius); max-height: 240px; overflow: auto; }
.fk-menu__item { display: flex; align-items: center; gap: var(--ds-space-100); padding: var(--ds-space-075) var(--ds-space-150); cursor: pointer; }
.fk-menu__item:hover { background: var(--ds-background-neutral-subtle-hovered); }
.fk-chart { margin: 0; }
.fk-chart__title { font: var(--ds-font-heading-small); }
.fk-chart__subtitle { font: var(--ds-font-body-small); color: var(--ds-text-subtle); }
.fk-chart__axis { font-size: 11px; fill: var(--ds-text-subtle); }
.fk-chart__legend { display: flex; flex-wrap: wrap; gap: var(--ds-space-150); font: var(--ds-font-body-small); }
.fk-chart__legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
.fk-frame { width: 100%; border: 0; display: block; }
.fk-adf p { margin: 0 0 var(--ds-space-100); }
.fk-mention { background: var(--ds-background-neutral); border-radius: 20px; padding: 0 var(--ds-space-050); }
.fk-unsupported { border: 2px dashed var(--ds-border-danger, #E2483D); background: var(--ds-background-danger, #FFECEB); border-radius: var(--ds-border-radius); padding: var(--ds-space-100) var(--ds-space-150); margin: var(--ds-space-050) 0; }
.fk-unsupported__title { font-weight: 600; color: var(--ds-text-danger); }
.fk-unsupported__hint { font: var(--ds-font-body-small); color: var(--ds-text-subtle); }
.fk-unsupported__children { margin-top: var(--ds-space-100); padding-top: var(--ds-space-100); border-top: 1px solid var(--ds-border); }

/* ---- the shell ------------------------------------------------------------------------------------------- */
.sh { display: flex; flex-direction: column; height: 100vh; }
.sh-top { flex: none; height: 56px; display: flex; align-items: center; gap: var(--ds-space-100); padding: 0 var(--ds-space-150); border-bottom: 1px solid var(--ds-border); background: var(--ds-surface); z-index: 10; }
.sh-logo { display: flex; align-items: center; gap: var(--ds-space-100); font-weight: 600; font-size: 16px; color: var(--ds-text); text-decoration: none; margin-right: var(--ds-space-200); }
.sh-logo__mark { width: 24px; height: 24px; border-radius: 4px; background: linear-gradient(135deg, #2684FF, #0052CC); color: #fff; display: flex; align-items: center; justify-content: center; font-size: 14px; }
.sh-logo small { font-weight: 400; color: var(--ds-text-subtlest); font-size: 12px; }
.sh-nav { display: flex; gap: var(--ds-space-050); height: 100%; }
.sh-nav a { display: flex; align-items: center; padding: 0 var(--ds-space-100); color: var(--ds-text-subtle); text-decoration: none; font-weight: 500; border-bottom: 3px solid transparent; border-top: 3px solid transparent; }
.sh-nav a:hover { color: var(--ds-text); background: var(--ds-background-neutral-subtle-hovered); }
.sh-nav a.active { color: var(--ds-text-selected); border-bottom-color: var(--ds-border-selected, #0C66E4); }
.sh-spacer { flex: 1; }
.sh-select { height: 32px; border: 1px solid var(--ds-border-input); border-radius: var(--ds-border-radius); background: var(--ds-background-input); padding: 0 var(--ds-space-100); }
.sh-userbtn { display: flex; align-items: center; gap: var(--ds-space-100); height: 40px; padding: 0 var(--ds-space-100); border: 0; border-radius: 20px; background: transparent; cursor: pointer; }
.sh-userbtn:hover { background: var(--ds-background-neutral-subtle-hovered); }
.sh-dropdown { position: absolute; right: 12px; top: 52px; width: 380px; max-height: 70vh; overflow: auto; background: var(--ds-surface-overlay); box-shadow: var(--ds-shadow-overlay); border-radius: var(--ds-border-radius); padding: var(--ds-space-100) 0; z-index: 50; }
.sh-dropdown h3 { margin: var(--ds-space-100) var(--ds-space-200); font: var(--ds-font-heading-xxsmall); color: var(--ds-text-subtle); text-transform: uppercase; }
.sh-useritem { display: flex; width: 100%; align-items: center; gap: var(--ds-space-150); padding: var(--ds-space-100) var(--ds-space-200); border: 0; background: transparent; text-align: left; cursor: pointer; }
.sh-useritem:hover { background: var(--ds-background-neutral-subtle-hovered); }
.sh-useritem[aria-current="true"] { background: var(--ds-background-selected); box-shadow: inset 2px 0 0 var(--ds-border-selected, #0C66E4); }
.sh-useritem__roles { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 2px; }
.sh-body { flex: 1; display: flex; min-height: 0; }
.sh-side { flex: none; width: 240px; border-right: 1px solid var(--ds-border); background: var(--ds-surface); padding: var(--ds-space-200) var(--ds-space-100); overflow: auto; }
.sh-side h4 { margin: var(--ds-space-200) var(--ds-space-100) var(--ds-space-050); font: var(--ds-font-heading-xxsmall); color: var(--ds-text-subtlest); text-transform: uppercase; }
.sh-side a { display: flex; align-items: center; gap: var(--ds-space-100); padding: var(--ds-space-075) var(--ds-space-100); border-radius: var(--ds-border-radius); color: var(--ds-text-subtle); text-decoration: none; }
.sh-side a:hover { background: var(--ds-background-neutral-subtle-hovered); }
.sh-side a.active { background: var(--ds-background-selected); color: var(--ds-text-selected); font-weight: 500; }
.sh-project { display: flex; align-items: center; gap: var(--ds-space-100); padding: 0 var(--ds-space-100) var(--ds-space-100); }
.sh-project__icon { width: 24px; height: 24px; border-radius: 4px; display: flex; align-items: center; justify-content: center; color: #fff; font-weight: 700; font-size: 11px; }
.sh-main { flex: 1; overflow: auto; padding: var(--ds-space-300) var(--ds-space-400, 32px); background: var(--ds-surface); }
.sh-main h1 { font: var(--ds-font-heading-large); margin: 0 0 var(--ds-space-200); }
.sh-main h2 { font: var(--ds-font-heading-medium); margin: var(--ds-space-300) 0 var(--ds-space-150); }
.sh-crumbs { color: var(--ds-text-subtlest); margin-bottom: var(--ds-space-100); display: flex; gap: var(--ds-space-050); }
.sh-crumbs a { color: var(--ds-text-subtlest); text-decoration: none; } .sh-crumbs a:hover { text-decoration: underline; }
.sh-card { border: 1px solid var(--ds-border); border-radius: var(--ds-border-radius-200, 8px); padding: var(--ds-space-200); background: var(--ds-surface-raised); box-shadow: var(--ds-shadow-raised); }
a.sh-card { display: block; color: inherit; text-decoration: none; }
a.sh-card:hover { background: var(--ds-surface-raised-hovered, #F1F2F4); }
a.sh-card strong { color: var(--ds-link); }
.sh-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: var(--ds-space-200); }
.sh-table { width: 100%; border-collapse: collapse; }
.sh-table th { text-align: left; font: var(--ds-font-body-small); font-weight: 700; color: var(--ds-text-subtle); border-bottom: 2px solid var(--ds-border); padding: var(--ds-space-050) var(--ds-space-100); }
.sh-table td { border-bottom: 1px solid var(--ds-border); padding: var(--ds-space-075) var(--ds-space-100); vertical-align: top; }
.sh-table a { color: var(--ds-link); text-decoration: none; }
.sh-table a:hover { text-decoration: underline; }
.sh-table td:first-child { white-space: nowrap; }
.sh-table tr:hover td { background: var(--ds-background-neutral-subtle-hovered); }
.sh-mono { font: var(--ds-font-code); font-size: 12px; word-break: break-all; }
.sh-muted { color: var(--ds-text-subtlest); }
.sh-issue { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: var(--ds-space-400, 32px); }
.sh-issue__fields dt { font: var(--ds-font-body-small); color: var(--ds-text-subtle); font-weight: 600; margin-top: var(--ds-space-150); }
.sh-issue__fields dd { margin: 2px 0 0; }
.sh-panel { margin-top: var(--ds-space-300); border: 1px solid var(--ds-border); border-radius: var(--ds-border-radius-200, 8px); }
.sh-panel__head { display: flex; align-items: center; gap: var(--ds-space-100); padding: var(--ds-space-100) var(--ds-space-150); border-bottom: 1px solid var(--ds-border); background: var(--ds-surface-sunken); border-radius: 8px 8px 0 0; font-weight: 600; }
.sh-panel__body { padding: var(--ds-space-150); }
.sh-frame { width: 100%; border: 0; display: block; min-height: 40px; }
.sh-flags { position: fixed; left: 24px; bottom: 24px; display: flex; flex-direction: column; gap: 8px; z-index: 60; }
.sh-flag { width: 360px; background: var(--ds-surface-overlay); box-shadow: var(--ds-shadow-overlay); border-radius: var(--ds-border-radius); padding: var(--ds-space-200); border-left: 4px solid var(--ds-border-brand, #0C66E4); }
.sh-toolbar { display: flex; gap: var(--ds-space-100); align-items: center; flex-wrap: wrap; margin-bottom: var(--ds-space-150); }
.sh-pre { font: var(--ds-font-code); font-size: 12px; white-space: pre-wrap; background: var(--ds-surface-sunken); border-radius: var(--ds-border-radius); padding: var(--ds-space-100); margin: 0; max-height: 360px; overflow: auto; }
.sh-status { font-weight: 600; }
.sh-status--ok { color: var(--ds-text-success); } .sh-status--bad { color: var(--ds-text-danger); } .sh-status--warn { color: var(--ds-text-warning); }
`;
