import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import type services from '../services';

type Services = typeof services;
export type ServiceName = keyof Services;

/** Typed access to one of this plugin's services. */
export const getService = <Name extends ServiceName>(strapi: Core.Strapi, name: Name) =>
  strapi.plugin(PLUGIN_ID).service(name) as ReturnType<Services[Name]>;
