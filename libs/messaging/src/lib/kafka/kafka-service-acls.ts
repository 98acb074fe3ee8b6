import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type Admin, type AclEntry } from 'kafkajs';
import { auditTopicOf, deadLetterTopicOf, topicOf } from '@perheverkko/contracts';

/** The five services, each with the schema its consumer groups are also named after (`<schema>.case-access`). */
const KAFKA_SERVICE_ACCOUNTS = [
  { service: 'intake', schema: 'intake' },
  { service: 'convening', schema: 'convening' },
  { service: 'meeting', schema: 'meeting' },
  { service: 'plan-followup', schema: 'plan_followup' },
  { service: 'reporting', schema: 'reporting' },
] as const;

/**
 * Least privilege for one service's Kafka account (principal `User:<service>`): it writes only topics named after
 * itself (its events, its audit record), so no other service's credentials can put words in its mouth — a consumer
 * takes a message on `convening.events.v1` as convening's own fact (consents open access). It reads every
 * service's events (reporting also their audit records), writes the dead letters of what it reads, and joins only
 * its own groups.
 */
export function serviceAcls(service: string, schema: string): AclEntry[] {
  const principal = `User:${service}`;
  const allow = (
    resourceType: AclResourceTypes,
    resourceName: string,
    resourcePatternType: ResourcePatternTypes,
    operation: AclOperationTypes,
  ): AclEntry => ({
    resourceType,
    resourceName,
    resourcePatternType,
    principal,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  });
  const own = [AclOperationTypes.WRITE, AclOperationTypes.CREATE, AclOperationTypes.DESCRIBE, AclOperationTypes.READ].map((operation) =>
    allow(AclResourceTypes.TOPIC, `${service}.`, ResourcePatternTypes.PREFIXED, operation),
  );
  const others = KAFKA_SERVICE_ACCOUNTS.filter((other) => other.service !== service).flatMap(({ service: other }) => [
    // Only reporting archives the audit records; the other services react to published events alone.
    ...[topicOf(other), ...(service === 'reporting' ? [auditTopicOf(other)] : [])].flatMap((topic) => [
      allow(AclResourceTypes.TOPIC, topic, ResourcePatternTypes.LITERAL, AclOperationTypes.READ),
      allow(AclResourceTypes.TOPIC, topic, ResourcePatternTypes.LITERAL, AclOperationTypes.DESCRIBE),
      ...[AclOperationTypes.WRITE, AclOperationTypes.CREATE, AclOperationTypes.DESCRIBE].map((operation) =>
        allow(AclResourceTypes.TOPIC, deadLetterTopicOf(topic), ResourcePatternTypes.LITERAL, operation),
      ),
    ]),
  ]);
  const groups = [...new Set([`${service}.`, `${schema}.`])].flatMap((prefix) =>
    [AclOperationTypes.READ, AclOperationTypes.DESCRIBE].map((operation) =>
      allow(AclResourceTypes.GROUP, prefix, ResourcePatternTypes.PREFIXED, operation),
    ),
  );
  return [...own, ...others, ...groups];
}

/** Grants every service account its ACLs (an administrator's client; repeated grants change nothing). */
export async function grantServiceAcls(admin: Admin): Promise<number> {
  const acl = KAFKA_SERVICE_ACCOUNTS.flatMap(({ service, schema }) => serviceAcls(service, schema));
  await admin.createAcls({ acl });
  return acl.length;
}
