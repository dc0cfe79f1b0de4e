/// <reference lib="dom" />
import { type ChangeEvent, type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { h } from '../client/h';
import type { ForgeDocNode } from '../client/protocol';
import { glyph } from './basic';
import {
  bool,
  call,
  cls,
  fakeEvent,
  type NodeProps,
  num,
  type Props,
  propsOf,
  registry,
  renderChildren,
  safeHref,
  str,
} from './core';

const children = (node: ForgeDocNode) => renderChildren(node.children);

/**
 * The value UI Kit's host hands an input's `onChange`: a serialisable event-like object `{ target: {value, type,
 * checked, name, id} }` for text fields, checkboxes and radios (what `useForm`'s `register().onChange` reads), the
 * value itself for Select / DatePicker / UserPicker.
 */
const inputEvent = (p: Props, target: Record<string, unknown>) =>
  fakeEvent({ name: p.name, id: p.id, ...target });

/** Local state that follows the app's `value` prop whenever the app changes it (so typing never loses keys). */
function useFollowedValue<T>(propValue: T | undefined, initial: T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(propValue !== undefined ? propValue : initial);
  const last = useRef(propValue);
  useEffect(() => {
    if (propValue !== last.current) {
      last.current = propValue;
      if (propValue !== undefined) setValue(propValue);
    }
  }, [propValue]);
  return [value, setValue];
}

// ---- buttons ----------------------------------------------------------------------------------------------------
const APPEARANCES = new Set([
  'default',
  'primary',
  'subtle',
  'warning',
  'danger',
  'link',
  'subtle-link',
  'discovery',
]);

function buttonClass(p: Props): string {
  const appearance = APPEARANCES.has(str(p.appearance) ?? '') ? (p.appearance as string) : 'default';
  return cls(
    'fk-button',
    `fk-button--${appearance}`,
    bool(p.shouldFitContainer) && 'fk-button--fit',
    bool(p.isSelected) && 'fk-button--selected',
    p.spacing === 'compact' && 'fk-button--compact',
  );
}

function iconOf(value: unknown): ReactNode {
  return typeof value === 'string'
    ? h('span', { className: 'fk-button__icon', 'aria-hidden': true }, glyph(value))
    : null;
}

function Button({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const loading = bool(p.isLoading);
  const type = p.type === 'submit' || p.type === 'reset' ? p.type : 'button';
  return h(
    'button',
    {
      type,
      className: cls(buttonClass(p), loading && 'fk-button--loading'),
      disabled: bool(p.isDisabled) || loading,
      'aria-label': str(p.ariaLabel) ?? str(p['aria-label']),
      'data-testid': str(p.testId),
      onClick: () => call(p.onClick, fakeEvent()),
    },
    iconOf(p.iconBefore),
    loading ? h('span', { className: 'fk-spinner fk-spinner--inline', 'aria-label': 'Loading' }) : null,
    h('span', { className: 'fk-button__label' }, children(node)),
    iconOf(p.iconAfter),
  );
}

function LinkButton({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const href = safeHref(p.href);
  return h(
    'a',
    {
      className: buttonClass(p),
      href,
      target: '_blank',
      rel: 'noopener noreferrer',
      'data-testid': str(p.testId),
    },
    iconOf(p.iconBefore),
    children(node),
    iconOf(p.iconAfter),
  );
}

function Pressable({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  return h(
    'button',
    {
      type: 'button',
      className: 'fk-pressable',
      disabled: bool(p.isDisabled),
      onClick: () => call(p.onClick, fakeEvent()),
    },
    children(node),
  );
}

// ---- forms ------------------------------------------------------------------------------------------------------
function Form({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  return h(
    'form',
    {
      className: 'fk-form',
      noValidate: true,
      id: str(p.id),
      onSubmit: (e: FormEvent) => {
        e.preventDefault();
        call(p.onSubmit);
      },
    },
    children(node),
  );
}

function FormHeader({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  return h(
    'div',
    { className: 'fk-form__header' },
    p.title ? h('h1', { className: 'fk-heading fk-heading--large' }, String(p.title)) : null,
    p.description ? h('p', { className: 'fk-text fk-subtle' }, String(p.description)) : null,
    children(node),
  );
}

function FormSection({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  return h(
    'fieldset',
    { className: 'fk-form__section' },
    p.title ? h('legend', { className: 'fk-heading fk-heading--small' }, String(p.title)) : null,
    p.description ? h('p', { className: 'fk-text fk-subtle' }, String(p.description)) : null,
    children(node),
  );
}

function FormFooter({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  return h(
    'div',
    { className: cls('fk-form__footer', p.align === 'start' && 'fk-form__footer--start') },
    children(node),
  );
}

function Label({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  return h('label', { className: 'fk-label', htmlFor: str(p.labelFor), id: str(p.id) }, children(node));
}

const message = (kind: string) =>
  function Message({ node }: NodeProps): ReactNode {
    return h(
      'div',
      { className: `fk-message fk-message--${kind}`, role: kind === 'error' ? 'alert' : undefined },
      children(node),
    );
  };

// ---- text inputs --------------------------------------------------------------------------------------------------
function Textfield({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const initial = p.defaultValue === undefined || p.defaultValue === null ? '' : String(p.defaultValue);
  const [value, setValue] = useFollowedValue<string>(
    p.value === undefined || p.value === null ? undefined : String(p.value),
    initial,
  );
  const type = str(p.type) ?? 'text';
  const input = h('input', {
    className: 'fk-input__field',
    id: str(p.id),
    name: str(p.name),
    type,
    value,
    placeholder: str(p.placeholder),
    disabled: bool(p.isDisabled),
    readOnly: bool(p.isReadOnly),
    required: bool(p.isRequired),
    maxLength: num(p.maxLength),
    min: p.min as number | undefined,
    max: p.max as number | undefined,
    autoComplete: str(p.autoComplete),
    'aria-invalid': bool(p.isInvalid) || p['aria-invalid'] === true,
    'aria-label': str(p['aria-label']) ?? str(p.label),
    'data-testid': str(p.testId),
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      setValue(e.target.value);
      call(p.onChange, inputEvent(p, { value: e.target.value, type }));
    },
    onBlur: (e: ChangeEvent<HTMLInputElement>) =>
      call(p.onBlur, inputEvent(p, { value: e.target.value, type })),
    onFocus: (e: ChangeEvent<HTMLInputElement>) =>
      call(p.onFocus, inputEvent(p, { value: e.target.value, type })),
  });
  return h(
    'div',
    {
      className: cls(
        'fk-input',
        bool(p.isInvalid) && 'fk-input--invalid',
        bool(p.isDisabled) && 'fk-input--disabled',
        p.spacing === 'compact' && 'fk-input--compact',
      ),
      style:
        p.width !== undefined
          ? { maxWidth: typeof p.width === 'number' ? p.width : String(p.width) }
          : undefined,
    },
    input,
  );
}

function TextArea({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const initial = p.defaultValue === undefined || p.defaultValue === null ? '' : String(p.defaultValue);
  const [value, setValue] = useFollowedValue<string>(
    p.value === undefined || p.value === null ? undefined : String(p.value),
    initial,
  );
  return h(
    'div',
    {
      className: cls(
        'fk-input',
        'fk-input--area',
        bool(p.isInvalid) && 'fk-input--invalid',
        bool(p.isDisabled) && 'fk-input--disabled',
      ),
    },
    h('textarea', {
      className: 'fk-input__field',
      id: str(p.id),
      name: str(p.name),
      value,
      rows: num(p.minimumRows) ?? 3,
      placeholder: str(p.placeholder),
      disabled: bool(p.isDisabled),
      readOnly: bool(p.isReadOnly),
      required: bool(p.isRequired),
      maxLength: num(p.maxLength),
      style: { resize: p.resize === 'none' ? 'none' : p.resize === 'horizontal' ? 'horizontal' : 'vertical' },
      'aria-invalid': bool(p.isInvalid),
      'data-testid': str(p.testId),
      onChange: (e: ChangeEvent<HTMLTextAreaElement>) => {
        setValue(e.target.value);
        call(p.onChange, inputEvent(p, { value: e.target.value, type: 'textarea' }));
      },
      onBlur: (e: ChangeEvent<HTMLTextAreaElement>) =>
        call(p.onBlur, inputEvent(p, { value: e.target.value, type: 'textarea' })),
      onFocus: (e: ChangeEvent<HTMLTextAreaElement>) =>
        call(p.onFocus, inputEvent(p, { value: e.target.value, type: 'textarea' })),
    }),
  );
}

// ---- Select (a native <select>; react-select's search and async options are approximated) ----------------------
interface Option {
  label?: unknown;
  value?: unknown;
  isDisabled?: unknown;
}
const optionsOf = (p: Props): Option[] => {
  const list = Array.isArray(p.options) ? (p.options as Option[]) : [];
  // Grouped options: [{ label, options: [...] }]
  return list.flatMap((o) =>
    o && Array.isArray((o as { options?: unknown }).options)
      ? ((o as { options: Option[] }).options ?? [])
      : [o],
  );
};
const sameOption = (a: unknown, b: Option) =>
  a === b ||
  (a !== null && typeof a === 'object' && 'value' in (a as Option)
    ? (a as Option).value === b.value
    : a === b.value);

function Select({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const options = optionsOf(p);
  const multi = bool(p.isMulti);
  const [selected, setSelected] = useFollowedValue<unknown>(p.value, p.defaultValue ?? (multi ? [] : null));
  const selectedList = (
    Array.isArray(selected) ? selected : selected === null || selected === undefined ? [] : [selected]
  ) as unknown[];
  const indexes = options
    .map((o, i) => (selectedList.some((s) => sameOption(s, o)) ? String(i) : ''))
    .filter(Boolean);
  const onChange = (e: ChangeEvent<HTMLSelectElement>) => {
    const picked = Array.from(e.target.selectedOptions)
      .map((o) => o.value)
      .filter((v) => v !== '')
      .map((v) => options[Number(v)]);
    const next = multi ? picked : (picked[0] ?? null);
    setSelected(next);
    call(p.onChange, next, { action: next ? 'select-option' : 'clear' });
  };
  return h(
    'div',
    {
      className: cls(
        'fk-input',
        'fk-select',
        bool(p.isInvalid) && 'fk-input--invalid',
        bool(p.isDisabled) && 'fk-input--disabled',
        multi && 'fk-select--multi',
      ),
    },
    h(
      'select',
      {
        className: 'fk-input__field',
        id: str(p.inputId) ?? str(p.id),
        name: str(p.name),
        multiple: multi,
        disabled: bool(p.isDisabled),
        required: bool(p.isRequired),
        value: multi ? indexes : (indexes[0] ?? ''),
        'aria-invalid': bool(p.isInvalid),
        'aria-label': str(p['aria-label']) ?? str(p.label),
        'data-testid': str(p.testId),
        onChange,
        onBlur: () => call(p.onBlur, fakeEvent({ name: p.name })),
        onFocus: () => call(p.onFocus, fakeEvent({ name: p.name })),
      },
      multi
        ? null
        : h(
            'option',
            { value: '', disabled: !bool(p.isClearable) && indexes.length > 0 },
            str(p.placeholder) ?? 'Select…',
          ),
      options.map((o, i) =>
        h(
          'option',
          { key: i, value: String(i), disabled: o.isDisabled === true },
          String(o.label ?? o.value ?? ''),
        ),
      ),
    ),
  );
}

// ---- choices ------------------------------------------------------------------------------------------------------
function Checkbox({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const [checked, setChecked] = useFollowedValue<boolean>(
    typeof p.isChecked === 'boolean' ? p.isChecked : undefined,
    bool(p.defaultChecked),
  );
  return h(
    'label',
    { className: cls('fk-checkbox', bool(p.isDisabled) && 'fk-checkbox--disabled') },
    h('input', {
      type: 'checkbox',
      id: str(p.id),
      name: str(p.name),
      value: p.value === undefined ? undefined : String(p.value),
      checked,
      disabled: bool(p.isDisabled),
      'aria-invalid': bool(p.isInvalid),
      'data-testid': str(p.testId),
      onChange: (e: ChangeEvent<HTMLInputElement>) => {
        setChecked(e.target.checked);
        call(p.onChange, inputEvent(p, { checked: e.target.checked, value: p.value, type: 'checkbox' }));
      },
    }),
    h('span', null, p.label === undefined ? null : String(p.label)),
    bool(p.isRequired) ? h('span', { className: 'fk-required' }, ' *') : null,
  );
}

function CheckboxGroup({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const options = optionsOf(p);
  const [values, setValues] = useFollowedValue<unknown[]>(
    Array.isArray(p.value) ? (p.value as unknown[]) : undefined,
    Array.isArray(p.defaultValue) ? (p.defaultValue as unknown[]) : [],
  );
  return h(
    'div',
    { className: 'fk-choice-group', role: 'group' },
    options.map((o, i) =>
      h(
        'label',
        { key: i, className: 'fk-checkbox' },
        h('input', {
          type: 'checkbox',
          name: str(p.name),
          checked: values.includes(o.value),
          disabled: bool(p.isDisabled) || o.isDisabled === true,
          onChange: (e: ChangeEvent<HTMLInputElement>) => {
            const next = e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value);
            setValues(next);
            call(p.onChange, next);
          },
        }),
        h('span', null, String(o.label ?? o.value ?? '')),
      ),
    ),
  );
}

function RadioGroup({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const options = optionsOf(p);
  const [value, setValue] = useFollowedValue<unknown>(p.value, p.defaultValue ?? null);
  return h(
    'div',
    { className: 'fk-choice-group', role: 'radiogroup', 'aria-label': str(p['aria-labelledby']) },
    options.map((o, i) =>
      h(
        'label',
        { key: i, className: 'fk-radio' },
        h('input', {
          type: 'radio',
          name: str(p.name) ?? node.key,
          value: String(o.value ?? ''),
          checked: value === o.value,
          disabled: bool(p.isDisabled) || o.isDisabled === true,
          onChange: () => {
            setValue(o.value);
            call(p.onChange, inputEvent(p, { value: o.value, type: 'radio', checked: true }));
          },
        }),
        h('span', null, String(o.label ?? o.value ?? '')),
      ),
    ),
  );
}

function Radio({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  return h(
    'label',
    { className: 'fk-radio' },
    h('input', {
      type: 'radio',
      name: str(p.name),
      value: p.value === undefined ? undefined : String(p.value),
      checked: typeof p.isChecked === 'boolean' ? p.isChecked : undefined,
      disabled: bool(p.isDisabled),
      onChange: (e: ChangeEvent<HTMLInputElement>) =>
        call(p.onChange, inputEvent(p, { value: p.value, type: 'radio', checked: e.target.checked })),
    }),
    h('span', null, p.label === undefined ? null : String(p.label)),
  );
}

function Toggle({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const [checked, setChecked] = useFollowedValue<boolean>(
    typeof p.isChecked === 'boolean' ? p.isChecked : undefined,
    bool(p.defaultChecked),
  );
  return h(
    'label',
    {
      className: cls(
        'fk-toggle',
        p.size === 'large' && 'fk-toggle--large',
        bool(p.isDisabled) && 'fk-toggle--disabled',
      ),
    },
    h('input', {
      type: 'checkbox',
      role: 'switch',
      id: str(p.id),
      name: str(p.name),
      value: p.value === undefined ? undefined : String(p.value),
      checked,
      disabled: bool(p.isDisabled),
      'aria-label': str(p.label),
      'data-testid': str(p.testId),
      onChange: (e: ChangeEvent<HTMLInputElement>) => {
        setChecked(e.target.checked);
        call(p.onChange, inputEvent(p, { checked: e.target.checked, value: p.value, type: 'checkbox' }));
      },
    }),
    h(
      'span',
      { className: 'fk-toggle__track', 'aria-hidden': true },
      h('span', { className: 'fk-toggle__thumb' }),
    ),
  );
}

function Range({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const [value, setValue] = useFollowedValue<number>(num(p.value), num(p.defaultValue) ?? 0);
  return h('input', {
    type: 'range',
    className: 'fk-range',
    id: str(p.id),
    name: str(p.name),
    min: num(p.min) ?? 0,
    max: num(p.max) ?? 100,
    step: num(p.step) ?? 1,
    value,
    disabled: bool(p.isDisabled),
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      setValue(Number(e.target.value));
      call(p.onChange, Number(e.target.value));
    },
  });
}

// ---- dates (native pickers stand in for Atlaskit's calendar popups) ----------------------------------------------
const picker = (type: 'date' | 'time') =>
  function Picker({ node }: NodeProps): ReactNode {
    const p = propsOf(node);
    const [value, setValue] = useFollowedValue<string>(str(p.value), str(p.defaultValue) ?? '');
    return h(
      'div',
      {
        className: cls(
          'fk-input',
          bool(p.isInvalid) && 'fk-input--invalid',
          bool(p.isDisabled) && 'fk-input--disabled',
        ),
        style: { maxWidth: 200 },
      },
      h('input', {
        className: 'fk-input__field',
        type,
        id: str(p.id),
        name: str(p.name),
        value,
        min: str(p.minDate),
        max: str(p.maxDate),
        placeholder: str(p.placeholder),
        disabled: bool(p.isDisabled),
        required: bool(p.isRequired),
        'aria-invalid': bool(p.isInvalid),
        'data-testid': str(p.testId),
        onChange: (e: ChangeEvent<HTMLInputElement>) => {
          setValue(e.target.value);
          call(p.onChange, e.target.value);
        },
        onBlur: () => call(p.onBlur, fakeEvent({ name: p.name, value })),
      }),
    );
  };

export function registerInputs(): void {
  registry.set('Button', Button);
  registry.set('LoadingButton', Button);
  registry.set('LinkButton', LinkButton);
  registry.set('ButtonGroup', ({ node }) =>
    h('div', { className: 'fk-button-group', role: 'group' }, children(node)),
  );
  registry.set('Pressable', Pressable);
  registry.set('Form', Form);
  registry.set('FormHeader', FormHeader);
  registry.set('FormSection', FormSection);
  registry.set('FormFooter', FormFooter);
  registry.set('Label', Label);
  registry.set('RequiredAsterisk', () => h('span', { className: 'fk-required', 'aria-hidden': true }, ' *'));
  registry.set('HelperMessage', message('helper'));
  registry.set('ErrorMessage', message('error'));
  registry.set('ValidMessage', message('valid'));
  registry.set('Textfield', Textfield);
  registry.set('TextArea', TextArea);
  registry.set('Select', Select);
  registry.set('Checkbox', Checkbox);
  registry.set('CheckboxGroup', CheckboxGroup);
  registry.set('Radio', Radio);
  registry.set('RadioGroup', RadioGroup);
  registry.set('Toggle', Toggle);
  registry.set('Range', Range);
  registry.set('DatePicker', picker('date'));
  registry.set('TimePicker', picker('time'));
  registry.set('Calendar', picker('date'));
}
