export default {
  answer(ctx) {
    ctx.status = 204;
  },
};
