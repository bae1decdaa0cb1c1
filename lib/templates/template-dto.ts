import { readQuestions, type Question } from "./questions";
import type { TemplateImage } from "./template-images";

export interface TemplateVersionSummary {
  id: string;
  version: string;
  ordinal: number;
  upgradeFrom: string;
  questions: number;
  createdAt: string;
}

export interface TemplateVersionDto extends Omit<TemplateVersionSummary, "questions"> {
  compose: string;
  questions: Question[];
  notes: string;
  images?: TemplateImage[];
}

export interface TemplateDto {
  id: string;
  scope: string;
  tenantId: string | null;
  ownerId: string | null;
  name: string;
  description: string;
  category: string;
  icon: string | null;
  readme: string;
  maintainer: string;
  sourceId: string | null;
  latestVersion: string | null;
  versions: TemplateVersionSummary[];
  createdAt: string;
  updatedAt: string;
}

interface VersionRow {
  id: string;
  version: string;
  ordinal: number;
  upgradeFrom: string;
  questionsJson: string;
  composeText: string;
  notes: string;
  createdAt: Date;
}
interface Row {
  id: string;
  scope: string;
  tenantId: string | null;
  ownerId: string | null;
  name: string;
  description: string;
  category: string;
  icon: string | null;
  readme: string;
  maintainer: string;
  sourceId: string | null;
  createdAt: Date;
  updatedAt: Date;
  versions: VersionRow[];
}

export function toVersionSummary(v: VersionRow): TemplateVersionSummary {
  return {
    id: v.id,
    version: v.version,
    ordinal: v.ordinal,
    upgradeFrom: v.upgradeFrom,
    questions: readQuestions(v.questionsJson).length,
    createdAt: v.createdAt.toISOString(),
  };
}

export function toVersionDto(v: VersionRow, images?: TemplateImage[]): TemplateVersionDto {
  const { questions: _n, ...summary } = toVersionSummary(v);
  void _n;
  return { ...summary, compose: v.composeText, questions: readQuestions(v.questionsJson), notes: v.notes, ...(images ? { images } : {}) };
}

export function toTemplateDto(t: Row): TemplateDto {
  const versions = [...t.versions].sort((a, b) => a.ordinal - b.ordinal).map(toVersionSummary);
  return {
    id: t.id,
    scope: t.scope,
    tenantId: t.tenantId,
    ownerId: t.ownerId,
    name: t.name,
    description: t.description,
    category: t.category,
    icon: t.icon,
    readme: t.readme,
    maintainer: t.maintainer,
    sourceId: t.sourceId,
    latestVersion: versions.at(-1)?.version ?? null,
    versions,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
