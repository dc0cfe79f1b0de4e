/// <reference lib="dom" />
/**
 * A technician's profile: planning position with its "why here" (set by a click on the map, or cleared), working
 * hours per weekday in their time zone, time off, skills and home base. A technician edits their own (skills
 * read-only: dispatchers manage them); dispatchers and app admins open anyone's from "All technicians". Goes
 * through `getTechnician`, `saveTechnician`, `setPosition` and `deleteTechnician` (after a confirmation); the server enforces who may change what.
 */
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { TechnicianProfile, TechnicianView } from '../../domain/contract';
import { positionOf } from '../../domain/positions';
import { type ApiError, call } from '../api';
import {
  type DayKey,
  fromForm,
  newTimeOff,
  type ProfileForm,
  parseSkills,
  timeOffText,
  timeZones,
  toForm,
  WEEK,
} from './profile';

export interface ProfileEditorProps {
  readonly accountId: string;
  readonly displayName: string;
  /** Their entry in the console (availability now, position and why), when they are in the roster. */
  readonly view: TechnicianView | undefined;
  /** The caller's own profile ("My availability"). */
  readonly self: boolean;
  /** Dispatchers and app admins manage skills. */
  readonly canEditSkills: boolean;
  /** Waiting for a click on the map to set the position. */
  readonly picking: boolean;
  /** Changes after the console set a position from a map click (the editor re-reads the position). */
  readonly positionStamp: number;
  onPick(): void;
  onCancelPick(): void;
  /** Something the console shows changed (reload it). */
  onChanged(): void;
  onClose?(): void;
}

const SOURCE_LABEL = {
  'last-on-site-ticket': 'Last on-site ticket',
  'home-base': 'Home base',
  manual: 'Set manually',
} as const;

export function ProfileEditor(props: ProfileEditorProps): ReactNode {
  const { accountId, self, canEditSkills, view, positionStamp } = props;
  const [base, setBase] = useState<TechnicianProfile | undefined>();
  const [form, setForm] = useState<ProfileForm | undefined>();
  const [loadError, setLoadError] = useState<ApiError | undefined>();
  const [saveError, setSaveError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [draft, setDraft] = useState({ start: '', end: '', reason: '' });
  const [draftError, setDraftError] = useState<string | undefined>();
  /** Delete asks first: the first click shows the confirmation, only "Delete" there deletes. */
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);

  // Load (again) when the person changes.
  useEffect(() => {
    let live = true;
    setBase(undefined);
    setForm(undefined);
    setLoadError(undefined);
    setSaveError(undefined);
    setSaved(undefined);
    setDirty(false);
    void call('getTechnician', { accountId }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setBase(r.data);
        setForm(toForm(r.data));
      } else setLoadError(r.error);
    });
    return () => {
      live = false;
    };
  }, [accountId]);

  // After a position was set from the map (or cleared): re-read the position only, keeping unsaved edits.
  const refreshPosition = useCallback(async () => {
    const r = await call('getTechnician', { accountId });
    if (r.ok) {
      setBase((b) =>
        b ? { ...b, manualPosition: r.data.manualPosition, lastOnSite: r.data.lastOnSite ?? null } : r.data,
      );
    }
  }, [accountId]);
  useEffect(() => {
    if (positionStamp > 0) void refreshPosition();
  }, [positionStamp, refreshPosition]);

  const edit = (change: (f: ProfileForm) => ProfileForm) => {
    setForm((f) => (f ? change(f) : f));
    setDirty(true);
    setSaved(undefined);
  };
  const setDay = (key: DayKey, change: Partial<ProfileForm['days'][DayKey]>) =>
    edit((f) => ({ ...f, days: { ...f.days, [key]: { ...f.days[key], ...change } } }));

  const save = async () => {
    if (!base || !form) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      const r = await call('saveTechnician', fromForm(base, form, canEditSkills));
      if (r.ok) {
        setBase(r.data);
        setForm(toForm(r.data));
        setDirty(false);
        setSaved(self ? 'Your availability is saved.' : `${props.displayName}'s profile is saved.`);
        props.onChanged();
      } else setSaveError(r.error);
    } finally {
      setSaving(false);
    }
  };

  const deleteProfile = async () => {
    setDeleting(true);
    setSaveError(undefined);
    try {
      const r = await call('deleteTechnician', { accountId });
      if (r.ok) {
        setConfirmDelete(false);
        setSaved(self ? 'Your profile is deleted.' : `${props.displayName}'s profile is deleted.`);
        setDirty(false);
        props.onChanged();
      } else setSaveError(r.error);
    } finally {
      setDeleting(false);
    }
  };

  const clearPosition = async () => {
    setSaveError(undefined);
    const r = await call('setPosition', { accountId, position: null });
    if (r.ok) {
      await refreshPosition();
      props.onChanged();
    } else setSaveError(r.error);
  };

  const addTimeOff = () => {
    const entry = newTimeOff(draft.start, draft.end, draft.reason);
    if (typeof entry === 'string') {
      setDraftError(entry);
      return;
    }
    if (
      form?.timeOff.some((t) => t.start === entry.start && t.end === entry.end && t.reason === entry.reason)
    ) {
      setDraftError('This time off is already listed.');
      return;
    }
    setDraftError(undefined);
    edit((f) => ({ ...f, timeOff: [...f.timeOff, entry] }));
    setDraft({ start: '', end: '', reason: '' });
  };

  const title = self ? 'My availability' : props.displayName;
  const head = (
    <div className="dd-panel-head">
      <span className="dd-panel-title">{title}</span>
      {props.onClose ? (
        <button
          type="button"
          className="dd-btn dd-btn-link"
          onClick={props.onClose}
          data-testid="dd-profile-back"
        >
          ← All technicians
        </button>
      ) : null}
    </div>
  );

  if (loadError) {
    return (
      <section className="dd-panel dd-techs dd-profile" aria-label={title} data-testid="dd-profile">
        {head}
        <div className="dd-banner dd-banner-error" role="alert">
          {loadError.message}
        </div>
      </section>
    );
  }
  if (!base || !form) {
    return (
      <section className="dd-panel dd-techs dd-profile" aria-label={title} data-testid="dd-profile">
        {head}
        <div className="dd-empty dd-loading">Loading the profile…</div>
      </section>
    );
  }

  const position = view?.position ?? positionOf(base, [], Date.now());
  const you = self ? 'your' : 'their';
  return (
    <section className="dd-panel dd-techs dd-profile" aria-label={title} data-testid="dd-profile">
      {head}
      <div className="dd-profile-body">
        <h3 className="dd-h3">Planning position</h3>
        <p className="dd-privacy" data-testid="dd-privacy-note">
          Positions are planning signals, not tracking: DispatchDesk never collects a device's location. The
          planning position is the last on-site ticket, the home base, or a point set here on the map (valid
          12 hours). Dispatchers and app admins see it; other technicians do not.
        </p>
        <div className="dd-position" data-testid="dd-position">
          <span
            className={`dd-chip dd-chip-sm dd-source-${position.source}`}
            data-testid="dd-position-source"
          >
            {SOURCE_LABEL[position.source]}
          </span>
          <div className="dd-position-why" data-testid="dd-position-why">{`Why here: ${position.why}`}</div>
          <div className="dd-tip-muted">{`${position.lat.toFixed(4)}, ${position.lng.toFixed(4)}`}</div>
        </div>
        {props.picking ? (
          <div className="dd-pick" role="status" data-testid="dd-picking">
            <span>{`Click on the map where ${self ? 'you plan' : 'they plan'} to be.`}</span>
            <button type="button" className="dd-btn" onClick={props.onCancelPick}>
              Cancel
            </button>
          </div>
        ) : (
          <div className="dd-profile-actions">
            <button type="button" className="dd-btn" onClick={props.onPick} data-testid="dd-set-position">
              {self ? 'Set my position here' : 'Set position here'}
            </button>
            <button
              type="button"
              className="dd-btn"
              onClick={() => void clearPosition()}
              disabled={base.manualPosition === null}
              data-testid="dd-clear-position"
            >
              Clear manual position
            </button>
          </div>
        )}

        {view ? (
          <>
            <h3 className="dd-h3">Now</h3>
            <div
              className={`dd-avail ${view.availableNow ? 'dd-avail-yes' : 'dd-avail-no'}`}
              data-testid="dd-profile-availability"
            >
              {view.availability}
            </div>
          </>
        ) : null}

        <h3 className="dd-h3">Working hours</h3>
        <label className="dd-field">
          <span>Time zone (hours are in this zone)</span>
          <select
            value={form.timeZone}
            onChange={(e) => edit((f) => ({ ...f, timeZone: e.target.value }))}
            data-testid="dd-timezone"
          >
            {timeZones(form.timeZone).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <table className="dd-hours" data-testid="dd-hours">
          <tbody>
            {WEEK.map(({ key, label }) => {
              const d = form.days[key];
              return (
                <tr key={key} data-testid={`dd-day-${key}`}>
                  <td>
                    <label className="dd-check">
                      <input
                        type="checkbox"
                        checked={d.working}
                        onChange={(e) => setDay(key, { working: e.target.checked })}
                        aria-label={`Works on ${label}`}
                      />
                      {label}
                    </label>
                  </td>
                  <td>
                    <input
                      type="time"
                      className="dd-time"
                      value={d.start}
                      disabled={!d.working}
                      onChange={(e) => setDay(key, { start: e.target.value })}
                      aria-label={`${label} start`}
                    />
                  </td>
                  <td>
                    <input
                      type="time"
                      className="dd-time"
                      value={d.end}
                      disabled={!d.working}
                      onChange={(e) => setDay(key, { end: e.target.value })}
                      aria-label={`${label} end`}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="dd-tip-muted">An end before the start runs overnight into the next day.</div>

        <h3 className="dd-h3">Time off</h3>
        <ul className="dd-timeoff" data-testid="dd-timeoff">
          {form.timeOff.length === 0 ? <li className="dd-tip-muted">No time off planned.</li> : null}
          {form.timeOff.map((t, i) => (
            <li
              key={`${t.start}|${t.end}|${t.reason}`}
              className="dd-timeoff-entry"
              data-testid="dd-timeoff-entry"
            >
              <span>{timeOffText(t)}</span>
              {t.reason ? <span className="dd-tip-muted">{t.reason}</span> : null}
              <button
                type="button"
                className="dd-btn dd-btn-link"
                onClick={() => edit((f) => ({ ...f, timeOff: f.timeOff.filter((_, j) => j !== i) }))}
                aria-label={`Remove time off ${timeOffText(t)}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        <div className="dd-timeoff-add">
          <label className="dd-field">
            <span>First day</span>
            <input
              type="date"
              value={draft.start}
              onChange={(e) => setDraft((d) => ({ ...d, start: e.target.value }))}
              data-testid="dd-timeoff-start"
            />
          </label>
          <label className="dd-field">
            <span>Last day</span>
            <input
              type="date"
              value={draft.end}
              onChange={(e) => setDraft((d) => ({ ...d, end: e.target.value }))}
              data-testid="dd-timeoff-end"
            />
          </label>
          <label className="dd-field dd-field-wide">
            <span>Reason (optional, seen by dispatchers)</span>
            <input
              type="text"
              maxLength={80}
              value={draft.reason}
              onChange={(e) => setDraft((d) => ({ ...d, reason: e.target.value }))}
              data-testid="dd-timeoff-reason"
            />
          </label>
          <button type="button" className="dd-btn" onClick={addTimeOff} data-testid="dd-timeoff-add">
            Add time off
          </button>
          {draftError ? (
            <div className="dd-field-error" role="alert">
              {draftError}
            </div>
          ) : null}
        </div>

        <h3 className="dd-h3">Skills</h3>
        {canEditSkills ? (
          <label className="dd-field">
            <span>Comma-separated</span>
            <input
              type="text"
              value={form.skills}
              onChange={(e) => edit((f) => ({ ...f, skills: e.target.value }))}
              data-testid="dd-skills-input"
            />
          </label>
        ) : (
          <>
            <div className="dd-tech-skills" data-testid="dd-skills">
              {parseSkills(form.skills).map((s) => (
                <span key={s} className="dd-skill">
                  {s}
                </span>
              ))}
              {form.skills.trim() === '' ? <span className="dd-tip-muted">None yet.</span> : null}
            </div>
            <div className="dd-tip-muted">{`Dispatchers manage ${you} skills.`}</div>
          </>
        )}

        <h3 className="dd-h3">Home base</h3>
        <div className="dd-home">
          <label className="dd-field dd-field-wide">
            <span>Name</span>
            <input
              type="text"
              value={form.homeName}
              onChange={(e) => edit((f) => ({ ...f, homeName: e.target.value }))}
            />
          </label>
          <label className="dd-field">
            <span>Latitude</span>
            <input
              type="text"
              inputMode="decimal"
              value={form.homeLat}
              onChange={(e) => edit((f) => ({ ...f, homeLat: e.target.value }))}
            />
          </label>
          <label className="dd-field">
            <span>Longitude</span>
            <input
              type="text"
              inputMode="decimal"
              value={form.homeLng}
              onChange={(e) => edit((f) => ({ ...f, homeLng: e.target.value }))}
            />
          </label>
        </div>

        {saveError ? (
          <div className="dd-banner dd-banner-error" role="alert" data-testid="dd-profile-error">
            <span>{saveError.message}</span>
            {saveError.fields?.length ? (
              <ul>
                {saveError.fields.map((f) => (
                  <li key={`${f.path}|${f.message}`}>{`${f.path}: ${f.message}`}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {saved ? (
          <div className="dd-banner dd-banner-success" role="status" data-testid="dd-profile-saved">
            {saved}
          </div>
        ) : null}
        <div className="dd-profile-save">
          <button
            type="button"
            className="dd-btn dd-btn-primary"
            disabled={saving || !dirty}
            onClick={() => void save()}
            data-testid="dd-profile-save"
          >
            {saving ? 'Saving…' : self ? 'Save my availability' : 'Save profile'}
          </button>
          {dirty ? <span className="dd-tip-muted">Unsaved changes</span> : null}
          {confirmDelete ? (
            <span className="dd-profile-delete" role="alertdialog" data-testid="dd-profile-delete-confirm">
              <span>
                {self
                  ? 'Delete your profile (availability, time off, skills, home base and position)?'
                  : `Delete ${props.displayName}'s profile (availability, time off, skills, home base and position)?`}
              </span>
              <button
                type="button"
                className="dd-btn dd-btn-danger"
                disabled={deleting}
                onClick={() => void deleteProfile()}
                data-testid="dd-profile-delete-yes"
              >
                {deleting ? 'Deleting…' : 'Delete'}
              </button>
              <button type="button" className="dd-btn" onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="dd-btn dd-btn-link"
              disabled={saving}
              onClick={() => setConfirmDelete(true)}
              data-testid="dd-profile-delete"
            >
              {self ? 'Delete my profile' : 'Delete profile'}
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
