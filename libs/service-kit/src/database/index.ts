export * from './prisma-holder';
