// The backups family's detectors, in id order. The registry in ../index.ts lists the families.

import type { Detector } from '../../src/engine/types.js';
import compose from './compose.js';
import helmValues from './helm-values.js';
import kubernetes from './kubernetes.js';
import paas from './paas.js';
import railway from './railway.js';
import scripts from './scripts.js';
import terraformAwsBackup from './terraform-aws-backup.js';
import terraformAzureBackup from './terraform-azure-backup.js';
import terraformGcpSql from './terraform-gcp-sql.js';
import terraformPlatforms from './terraform-platforms.js';
import terraformRds from './terraform-rds.js';

export const backupsDetectors: Detector[] = [compose, helmValues, kubernetes, paas, railway, scripts, terraformAwsBackup, terraformAzureBackup, terraformGcpSql, terraformPlatforms, terraformRds];
