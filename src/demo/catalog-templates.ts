// Demo catalog templates: per third-level category, how a product title is put together (one choice from each
// list of words), what a description may say, the variant attributes a product of that kind has, its price range
// and what its placeholder picture looks like. Plain data.
import type { Motif, Palette } from './placeholder-images.ts';

export type Lang = 'zh' | 'en' | 'vi';
export type ByLang<T> = Partial<Record<Lang, T>>;

/**
 * A variant attribute, e.g. weight 125g/250g/500g. Values are aligned across languages by position.
 * A product takes one or more of the values; when it takes a single one the attribute is dropped and the value
 * goes into the title wherever a title part is the token `$<index of the dimension>` (e.g. "$0").
 */
export type Dimension = {
  name: ByLang<string>;
  values: ByLang<string[]>;
  /** Price multipliers by value position (bigger sizes cost more); 1 when absent. */
  factors?: number[];
  /** Values form a scale (sizes): a product takes a run of neighbours rather than any subset. */
  ordered?: boolean;
  /** At most this many values per product (default 3). */
  max?: number;
  /** How a value reads inside a title when it differs from the attribute value ("Be" → "màu be"). */
  titleValues?: ByLang<string[]>;
};

export type CategoryTemplate = {
  /** Share of the store's products in this category, relative to its other categories. */
  weight: number;
  /** Silhouettes of the category's pictures, used in turn (the first ones first). */
  motifs: Motif[];
  palette: Palette;
  /** Base price range in yuan (the smallest variant); variants multiply it by their factors. */
  price: [number, number];
  dims: Dimension[];
  /** Title parts per language: one word from each list, joined by spaces; '' means the part may be left out. */
  titles: ByLang<string[][]>;
  /** Sentences a description picks one to three of. */
  descriptions: ByLang<string[]>;
};

// ---- shared attributes

const weight = (values: string[], factors: number[]): Dimension => ({
  name: { zh: '净含量', en: 'Weight', vi: 'Khối lượng' },
  values: { zh: values, en: values, vi: values },
  factors,
  ordered: true,
});
const volume = (values: string[], factors: number[]): Dimension => ({
  name: { zh: '规格', en: 'Size', vi: 'Dung tích' },
  values: { zh: values, en: values, vi: values },
  factors,
  ordered: true,
});

/** Closing sentences any product of a store may add (shipping, returns). */
export const COMMON_SENTENCES: ByLang<string[]> = {
  zh: ['现货速发，付款后48小时内发货。', '支持七天无理由退换（商品未拆封）。', '江浙沪皖包邮，其他地区满99元包邮。', '下单备注即可开具电子发票。', '官方正品，假一赔十。'],
  en: ['Ships within 48 hours of payment.', 'Returns accepted within 7 days if unopened.', 'Free delivery on orders over ¥99.', 'Genuine product, sourced directly from the maker.'],
  vi: ['Hàng có sẵn, giao trong 48 giờ sau khi thanh toán.', 'Đổi trả trong 7 ngày nếu sản phẩm lỗi do nhà sản xuất.', 'Miễn phí vận chuyển cho đơn từ 99 tệ.', 'Đóng gói cẩn thận, kiểm tra hàng trước khi thanh toán.'],
};

const TEA_GREENS: Palette = ['#4e8a5b', '#7fae5a', '#c7a04a', '#2f6b4f', '#a7c97b'];
const BROWNS: Palette = ['#8b5a3c', '#b5773f', '#6b3f2a', '#c9a26b', '#a0522d'];
const BRIGHT: Palette = ['#e8735a', '#f2b950', '#5aa7d6', '#8dc26f', '#d65a5a', '#9b7fc2'];
const SOFT_TOYS: Palette = ['#e8a87c', '#d98ba0', '#c9a26b', '#9bbfd9', '#b8a4d6'];
const HOME: Palette = ['#5b8fb9', '#e3b778', '#7aa58a', '#c9826b', '#9bbfd9', '#b89c84'];
const BEAUTY: Palette = ['#d98ba0', '#f3c6a5', '#b8a4d6', '#9bbfd9', '#e8a87c', '#c0617a'];
const LIPS: Palette = ['#c0392b', '#d35d6e', '#a83250', '#e07a5f', '#b5495b'];

export const TEMPLATES: Record<string, CategoryTemplate> = {
  // ---------------------------------------------------------------- tea, snacks, seeds (Jade Mountain Tea)
  'food.tea.green_tea': {
    weight: 26,
    motifs: ['tin', 'leaves', 'giftbox'],
    palette: TEA_GREENS,
    price: [48, 680],
    dims: [weight(['125g', '250g', '500g'], [1, 1.85, 3.5])],
    titles: {
      zh: [
        ['西湖龙井', '碧螺春', '黄山毛峰', '信阳毛尖', '六安瓜片', '太平猴魁', '安吉白茶', '都匀毛尖', '恩施玉露', '竹叶青', '庐山云雾', '日照绿茶'],
        ['明前特级', '明前一级', '雨前一级', '高山云雾', '头采嫩芽', '2026新茶', '核心产区', '手工炒制'],
        ['$0'],
        ['礼盒装', '罐装', '纸包装', '袋装', '茶农直供', ''],
      ],
      en: [
        ['Organic', 'Premium', 'Hand-picked', 'Spring Harvest', 'High Mountain', 'First Flush'],
        ['Longjing Dragon Well Green Tea', 'Biluochun Green Tea', 'Huangshan Maofeng Green Tea', 'Anji White Tea', 'Xinyang Maojian Green Tea', 'Lu An Guapian Green Tea'],
        ['$0'],
        ['Gift Tin', 'Loose Leaf', 'Gift Box', 'Pouch', ''],
      ],
    },
    descriptions: {
      zh: ['产自核心茶园，芽叶细嫩，汤色清澈明亮。', '用80℃左右的水冲泡，清香持久，回甘明显。', '独立小包装，便于携带与保存。', '密封避光、冷藏保存，开封后建议一个月内饮用。', '茶农直供，每一批都经过农残检测。', '外形扁平挺直，色泽翠绿，栗香浓郁。'],
      en: ['Tender buds from a single estate, with a clear, bright liquor.', 'Brew at about 80°C for a lasting fragrance and a sweet finish.', 'Sealed in small packs to keep it fresh.', 'Store sealed and away from light; best within a month of opening.', 'Every batch is tested for pesticide residues.'],
    },
  },
  'food.tea.pu_erh': {
    weight: 20,
    motifs: ['teacake', 'giftbox', 'tin'],
    palette: BROWNS,
    price: [39, 880],
    dims: [weight(['100g', '200g', '357g'], [1, 1.8, 3])],
    titles: {
      zh: [
        ['云南普洱', '勐海', '易武', '冰岛', '班章', '布朗山', '临沧', '景迈山'],
        ['古树', '乔木', '大树', '老树'],
        ['生茶', '熟茶'],
        ['茶饼', '沱茶', '散茶', '小金砖'],
        ['2016年', '2019年', '2021年', '2023年', ''],
        ['$0'],
        ['礼盒装', '收藏级', '口粮茶', '棉纸包装', ''],
      ],
      en: [
        ['Yunnan', 'Menghai', 'Yiwu', 'Jingmai Mountain', 'Lincang'],
        ['Ancient Tree', 'Wild Arbor', 'Old Tree'],
        ["Raw Pu'er", "Ripe Pu'er"],
        ['Tea Cake', 'Tuocha', 'Loose Leaf', 'Mini Bricks'],
        ['2016 Vintage', '2019 Vintage', '2021 Vintage', '2023 Harvest', ''],
        ['$0'],
      ],
    },
    descriptions: {
      zh: ['选用云南大叶种晒青毛茶，压制紧实。', '汤色红浓明亮，滋味醇厚顺滑。', '越陈越香，适合收藏，也适合日常品饮。', '建议用沸水冲泡，首泡洗茶。', '棉纸包装，置于干燥通风处存放。'],
      en: ['Pressed from sun-dried large-leaf Yunnan tea.', 'A deep red liquor with a smooth, mellow taste.', 'It keeps improving with age: for drinking now or for keeping.', 'Brew with boiling water and rinse the leaves first.', 'Wrapped in cotton paper; keep it dry and aired.'],
    },
  },
  'food.tea.flower_tea': {
    weight: 18,
    motifs: ['flower', 'tin', 'leaves'],
    palette: ['#d98ba0', '#f2b950', '#9b7fc2', '#e8735a', '#c0617a'],
    price: [19, 168],
    dims: [weight(['50g', '100g', '200g'], [1, 1.8, 3.2])],
    titles: {
      zh: [
        ['玫瑰花茶', '菊花茶', '茉莉花茶', '桂花乌龙', '洛神花茶', '胎菊', '金银花', '柠檬片', '红枣枸杞茶', '蜜桃乌龙', '大麦茶', '薄荷叶'],
        ['特级', '精选', '无硫', '花草组合', ''],
        ['$0'],
        ['罐装', '三角茶包', '独立小袋', '礼盒装'],
      ],
      en: [
        ['Rose', 'Chrysanthemum', 'Jasmine', 'Osmanthus Oolong', 'Hibiscus', 'Peach Oolong', 'Honeysuckle', 'Roasted Barley'],
        ['Flower Tea', 'Herbal Tea', 'Blooming Tea', 'Tea Bags'],
        ['$0'],
        ['Jar', 'Gift Box', 'Pouch', ''],
      ],
    },
    descriptions: {
      zh: ['花朵饱满，香气自然，冷泡热泡皆宜。', '无添加色素与香精，可搭配蜂蜜饮用。', '三角茶包设计，办公室一杯一袋很方便。', '适合下午茶时光，清爽解腻。'],
      en: ['Whole flowers with a natural scent, good hot or cold-brewed.', 'No added colouring or flavouring; lovely with a spoon of honey.', 'Pyramid bags: one bag, one cup, at home or at work.', 'A light, refreshing cup for the afternoon.'],
    },
  },
  'food.snacks.nuts': {
    weight: 16,
    motifs: ['pouch', 'giftbox'],
    palette: ['#b5773f', '#e3b778', '#8b5a3c', '#7aa58a', '#d98b5f'],
    price: [19, 129],
    dims: [weight(['250g', '500g', '1kg'], [1, 1.85, 3.4])],
    titles: {
      zh: [
        ['每日坚果', '夏威夷果', '碧根果', '巴旦木', '开心果', '腰果', '核桃仁', '松子', '山核桃', '混合果仁', '葡萄干', '芒果干'],
        ['奶油味', '原味', '盐焗', '炭烧', '低温烘焙', '无添加'],
        ['$0'],
        ['罐装', '量贩装', '独立小包', '礼盒装', ''],
      ],
      en: [
        ['Daily Mixed Nuts', 'Macadamia Nuts', 'Pecans', 'Almonds', 'Pistachios', 'Cashews', 'Walnut Kernels', 'Pine Nuts'],
        ['Lightly Salted', 'Original', 'Roasted', 'Honey Glazed'],
        ['$0'],
        ['Jar', 'Value Pack', 'Snack Packs', ''],
      ],
    },
    descriptions: {
      zh: ['颗颗饱满，现炒现发，香脆可口。', '独立小包装，上班、出游随手一包。', '低温慢烘，保留坚果原本的香味。', '开封后请密封保存，避免受潮。'],
      en: ['Plump and crunchy, roasted to order.', 'Single-serve packs for the office or the road.', 'Slow-roasted at low heat to keep the natural flavour.', 'Reseal after opening to keep them crisp.'],
    },
  },
  'food.snacks.biscuits': {
    weight: 12,
    motifs: ['cookies', 'giftbox', 'tin'],
    palette: ['#e3b778', '#d98b5f', '#f2d3a0', '#c0617a', '#b5773f'],
    price: [9.9, 89],
    dims: [{ name: { zh: '规格', en: 'Pack' }, values: { zh: ['单盒', '两盒装', '整箱(6盒)'], en: ['1 box', '2 boxes', 'Case of 6'] }, factors: [1, 1.9, 5.2], ordered: true }],
    titles: {
      zh: [
        ['蛋黄酥', '凤梨酥', '曲奇饼干', '苏打饼干', '桃酥', '绿豆糕', '鲜花饼', '老婆饼', '蝴蝶酥', '牛舌饼', '手工酥饼'],
        ['传统手工', '黄油', '低糖', '老字号', '网红', ''],
        ['礼盒装', '家庭装', '早餐点心', '下午茶零食'],
      ],
      en: [
        ['Handmade', 'Traditional', 'Low Sugar', 'Butter'],
        ['Cookies', 'Pineapple Cakes', 'Egg Yolk Pastries', 'Soda Crackers', 'Walnut Cookies', 'Mung Bean Cakes'],
        ['Gift Box', 'Family Pack', 'Tin'],
      ],
    },
    descriptions: {
      zh: ['酥皮层层分明，入口即化。', '每日现烤，不含反式脂肪酸。', '独立包装，保质期内口感如新。', '配一杯清茶，就是一顿简单的下午茶。'],
      en: ['Flaky layers that melt in the mouth.', 'Baked daily, with no trans fats.', 'Individually wrapped to stay fresh.', 'Perfect with a cup of tea in the afternoon.'],
    },
  },
  'agriculture.seeds.flower_seeds': {
    weight: 8,
    motifs: ['seeds', 'flower'],
    palette: ['#e8735a', '#f2b950', '#9b7fc2', '#5aa7d6', '#d98ba0'],
    price: [3.9, 39],
    dims: [{ name: { zh: '规格', en: 'Pack' }, values: { zh: ['50粒', '100粒', '500粒'], en: ['50 seeds', '100 seeds', '500 seeds'] }, factors: [1, 1.7, 5], ordered: true }],
    titles: {
      zh: [
        ['向日葵', '波斯菊', '百日草', '太阳花', '矮牵牛', '薰衣草', '满天星', '虞美人', '格桑花', '牵牛花', '绣球花', '雏菊'],
        ['种子', '花种'],
        ['四季易种', '阳台盆栽', '室内外', '耐热耐旱', '高发芽率'],
        ['混色', '单色', ''],
      ],
      en: [
        ['Sunflower', 'Cosmos', 'Zinnia', 'Lavender', "Baby's Breath", 'Poppy', 'Morning Glory', 'Wildflower Mix'],
        ['Seeds'],
        ['Easy to Grow', 'for Balcony Pots', 'High Germination', 'Heat Tolerant'],
        ['Mixed Colours', ''],
      ],
    },
    descriptions: {
      zh: ['发芽率高，新手也能轻松种出一片花海。', '春秋两季播种最佳，附赠种植说明。', '适合阳台、庭院和花坛种植。'],
      en: ['High germination: easy even for first-time gardeners.', 'Best sown in spring or autumn; growing guide included.', 'For balconies, gardens and flower beds.'],
    },
  },

  // ---------------------------------------------------------------- toys, baby (Little Panda Toys)
  'baby.toys.building_blocks': {
    weight: 20,
    motifs: ['blocks', 'giftbox'],
    palette: BRIGHT,
    price: [39, 499],
    dims: [{ name: { zh: '规格' }, values: { zh: ['300颗粒', '600颗粒', '1000颗粒'] }, factors: [1, 1.7, 2.6], ordered: true }],
    titles: {
      zh: [
        ['兼容乐高', '大颗粒', '小颗粒', '磁力'],
        ['积木', '拼装积木', '拼插积木', '建构片'],
        ['城市消防局', '太空火箭', '恐龙世界', '中国风古建筑', '赛车总动员', '梦幻城堡', '农场小屋', '机甲战士', '樱花小屋', '港口货轮'],
        ['儿童益智', '拼装玩具', '6岁以上', '3-6岁', '男孩女孩礼物'],
      ],
    },
    descriptions: {
      zh: ['颗粒边缘圆润，ABS环保材质，无毒无味。', '附带图文拼搭说明，锻炼动手能力和空间想象力。', '适合亲子一起拼搭，也是节日送礼的好选择。', '已通过3C认证，符合国家玩具安全标准。', '含小零件，3岁以下儿童请勿使用。'],
    },
  },
  'baby.toys.plush': {
    weight: 20,
    motifs: ['bear'],
    palette: SOFT_TOYS,
    price: [29, 199],
    dims: [
      { name: { zh: '尺寸' }, values: { zh: ['30cm', '45cm', '60cm', '80cm'] }, factors: [1, 1.5, 2.2, 3.2], ordered: true },
      { name: { zh: '颜色' }, values: { zh: ['浅棕色', '奶白色', '粉色', '灰色', '蓝色'] } },
    ],
    titles: {
      zh: [
        ['超柔软', '可爱', '萌萌哒', '正版', ''],
        ['泰迪熊', '小熊猫', '大熊猫', '兔子', '柯基', '小恐龙', '独角兽', '小猫咪', '海豚', '长颈鹿'],
        ['毛绒玩具', '公仔', '玩偶', '抱枕玩偶', '安抚玩偶'],
        ['$0'],
        ['女孩生日礼物', '儿童陪睡', '情人节礼物', ''],
      ],
    },
    descriptions: {
      zh: ['短毛绒面料，手感柔软细腻，不掉毛。', 'PP棉填充，回弹饱满，可机洗。', '眼睛为安全绣线，适合低龄宝宝。', '送孩子、送闺蜜都合适，附赠礼品袋。'],
    },
  },
  'baby.toys.educational': {
    weight: 18,
    motifs: ['shapes', 'blocks'],
    palette: BRIGHT,
    price: [29, 299],
    dims: [{ name: { zh: '款式' }, values: { zh: ['基础款', '进阶款', '豪华款'] }, factors: [1, 1.5, 2.2], ordered: true }],
    titles: {
      zh: [
        ['蒙氏', '早教', '木质', '磁性'],
        ['形状配对', '数字认知', '拼图', '串珠', '七巧板', '钓鱼玩具', '画板', '算术教具', '时钟认知', '敲琴'],
        ['益智玩具', '早教玩具', '教具'],
        ['1-3岁', '3-6岁', '宝宝', '幼儿园'],
      ],
    },
    descriptions: {
      zh: ['榉木原木打磨，水性漆上色，边角圆滑。', '在玩中认识颜色、形状和数字。', '收纳盒设计，玩完方便整理。', '已通过3C认证，请在成人看护下使用。'],
    },
  },
  'baby.toys.figures': {
    weight: 14,
    motifs: ['figure', 'giftbox'],
    palette: ['#9b7fc2', '#5aa7d6', '#e8735a', '#f2b950', '#7aa58a'],
    price: [39, 89],
    dims: [{ name: { zh: '规格' }, values: { zh: ['单盒', '整盒(6个)', '整盒(12个)'] }, factors: [1, 5.6, 10.5], ordered: true }],
    titles: {
      zh: [
        ['泡泡萌', '星空', '森林', '太空', '甜品', '十二生肖', '国潮', '海洋', '猫咪日记'],
        ['系列'],
        ['盲盒', '手办', '潮玩', '摆件'],
        ['第二弹', '第三弹', '限定款', '桌面摆件', ''],
      ],
    },
    descriptions: {
      zh: ['每盒随机一款，整盒不重复（隐藏款除外）。', 'PVC材质，细节做工精致。', '摆在书桌、车里都好看。'],
    },
  },
  'baby.kids_clothing.kids_clothes': {
    weight: 18,
    motifs: ['tee'],
    palette: ['#8dc26f', '#5aa7d6', '#f2b950', '#e8735a', '#d98ba0'],
    price: [29, 199],
    dims: [
      { name: { zh: '颜色' }, values: { zh: ['白色', '粉色', '蓝色', '黄色', '绿色', '灰色'] } },
      { name: { zh: '尺码' }, values: { zh: ['90cm', '100cm', '110cm', '120cm', '130cm', '140cm'] }, factors: [1, 1, 1.05, 1.05, 1.1, 1.1], ordered: true },
    ],
    titles: {
      zh: [
        ['儿童', '男童', '女童', '宝宝'],
        ['纯棉', '夏季', '春秋', '加绒', '新款'],
        ['短袖T恤', '长袖卫衣', '连帽外套', '休闲裤', '连衣裙', '背带裤', '睡衣套装', '运动套装', '防晒衣'],
        ['卡通', '洋气', '宽松', '韩版', ''],
      ],
    },
    descriptions: {
      zh: ['A类婴幼儿标准面料，贴身穿也放心。', '100%纯棉，透气吸汗，不起球。', '尺码偏大半码，建议按身高选择。', '可机洗，建议反面洗涤、阴凉处晾干。'],
    },
  },
  'baby.gear.feeding': {
    weight: 10,
    motifs: ['babybottle'],
    palette: ['#9bbfd9', '#f2b950', '#d98ba0', '#8dc26f'],
    price: [29, 199],
    dims: [
      { name: { zh: '容量' }, values: { zh: ['160ml', '240ml', '300ml'] }, factors: [1, 1.15, 1.3], ordered: true },
      { name: { zh: '颜色' }, values: { zh: ['粉色', '蓝色', '黄色', '透明'] } },
    ],
    titles: {
      zh: [
        ['新生儿', '宽口径', 'PPSU', '玻璃', '硅胶'],
        ['奶瓶', '吸管杯', '学饮杯', '防胀气奶瓶'],
        ['$0'],
        ['防摔', '耐高温', '带手柄', '0-6个月', '6个月以上'],
      ],
    },
    descriptions: {
      zh: ['食品级材质，不含双酚A。', '可高温蒸汽消毒，耐用不变形。', '仿母乳奶嘴，宝宝更容易接受。'],
    },
  },

  // ---------------------------------------------------------------- home (Saigon Home & Living, Vietnamese)
  'home.textiles.bedding_sets': {
    weight: 22,
    motifs: ['bedding', 'pillow'],
    palette: HOME,
    price: [199, 899],
    dims: [
      { name: { vi: 'Kích thước' }, values: { vi: ['1m6 x 2m', '1m8 x 2m', '2m x 2m2'] }, factors: [1, 1.15, 1.3], ordered: true },
      { name: { vi: 'Màu sắc' }, values: { vi: ['Xanh dương', 'Xám', 'Be', 'Hồng phấn', 'Xanh rêu', 'Trắng'] }, titleValues: { vi: ['màu xanh dương', 'màu xám', 'màu be', 'màu hồng phấn', 'màu xanh rêu', 'màu trắng'] } },
    ],
    titles: {
      vi: [
        ['Bộ chăn ga gối', 'Bộ ga gối', 'Bộ chăn ga', 'Bộ drap giường'],
        ['cotton 100%', 'lụa Tencel', 'cotton đũi', 'microfiber', 'lụa satin', 'cotton Hàn Quốc'],
        ['họa tiết hoa nhí', 'kẻ sọc', 'trơn màu', 'caro', 'phong cách Bắc Âu', 'thêu viền'],
        ['$1'],
        ['$0'],
      ],
    },
    descriptions: {
      vi: ['Vải mềm mịn, thoáng mát, không xù lông sau nhiều lần giặt.', 'Bộ gồm 1 ga bọc, 1 vỏ chăn và 2 vỏ gối.', 'Màu in bền, không phai khi giặt máy.', 'Đường may chắc chắn, khóa kéo giấu tinh tế.'],
    },
  },
  'home.textiles.duvets': {
    weight: 16,
    motifs: ['duvet', 'bedding'],
    palette: HOME,
    price: [159, 699],
    dims: [
      { name: { vi: 'Kích thước' }, values: { vi: ['1m5 x 2m', '1m8 x 2m', '2m x 2m2'] }, factors: [1, 1.2, 1.4], ordered: true },
      { name: { vi: 'Loại' }, values: { vi: ['Chăn hè', 'Chăn bốn mùa', 'Chăn đông'] }, titleValues: { vi: ['loại mùa hè', 'loại bốn mùa', 'loại mùa đông'] }, factors: [1, 1.3, 1.6], ordered: true },
    ],
    titles: {
      vi: [
        ['Chăn', 'Chăn bông', 'Ruột chăn', 'Chăn phao', 'Chăn mền'],
        ['cotton', 'lông vũ nhân tạo', 'lụa tơ tằm', 'sợi đậu nành', 'microfiber'],
        ['siêu nhẹ', 'ấm áp', 'kháng khuẩn', 'mềm mịn', 'thoáng khí'],
        ['$1'],
        ['$0'],
      ],
    },
    descriptions: {
      vi: ['Ruột bông phân bố đều, không vón cục.', 'Nhẹ mà vẫn ấm, phù hợp phòng máy lạnh.', 'Có thể giặt máy ở chế độ nhẹ.', 'Vỏ ngoài cotton thấm hút mồ hôi tốt.'],
    },
  },
  'home.textiles.pillows': {
    weight: 14,
    motifs: ['pillow'],
    palette: HOME,
    price: [39, 299],
    dims: [
      { name: { vi: 'Kích thước' }, values: { vi: ['40 x 60cm', '45 x 65cm', '50 x 70cm'] }, factors: [1, 1.15, 1.3], ordered: true },
      { name: { vi: 'Quy cách' }, values: { vi: ['1 chiếc', 'Cặp 2 chiếc'] }, titleValues: { vi: ['', 'cặp 2 chiếc'] }, factors: [1, 1.85], ordered: true },
    ],
    titles: {
      vi: [
        ['Gối', 'Ruột gối', 'Gối ngủ', 'Gối nằm', 'Gối công thái học'],
        ['cao su thiên nhiên', 'bông gòn', 'memory foam', 'lông vũ nhân tạo', 'vỏ đậu xanh'],
        ['chống đau cổ', 'kháng khuẩn', 'êm ái', 'cao cấp', 'cho người lớn'],
        ['$0'],
        ['$1'],
      ],
    },
    descriptions: {
      vi: ['Độ đàn hồi cao, nâng đỡ cổ và vai khi ngủ.', 'Vỏ gối có khóa kéo, tháo ra giặt dễ dàng.', 'Không mùi, an toàn cho cả trẻ nhỏ.'],
    },
  },
  'home.textiles.curtains': {
    weight: 14,
    motifs: ['curtain'],
    palette: HOME,
    price: [59, 499],
    dims: [
      { name: { vi: 'Kích thước' }, values: { vi: ['1m5 x 2m7', '2m x 2m7', '3m x 2m7'] }, factors: [1, 1.3, 1.9], ordered: true },
      { name: { vi: 'Màu sắc' }, values: { vi: ['Be', 'Xám', 'Xanh navy', 'Hồng ruốc', 'Xanh rêu', 'Trắng kem'] }, titleValues: { vi: ['màu be', 'màu xám', 'màu xanh navy', 'màu hồng ruốc', 'màu xanh rêu', 'màu trắng kem'] } },
    ],
    titles: {
      vi: [
        ['Rèm cửa', 'Rèm cửa sổ', 'Rèm vải', 'Màn cửa', 'Rèm phòng ngủ'],
        ['chống nắng', 'cản sáng 95%', 'vải lanh', 'voan', 'nhung'],
        ['phong cách Bắc Âu', 'hiện đại', 'tối giản', 'họa tiết lá', 'trơn màu'],
        ['$1'],
        ['may sẵn', 'xỏ khoen', 'móc treo', ''],
      ],
    },
    descriptions: {
      vi: ['Cản nắng, giữ phòng mát vào buổi trưa.', 'May sẵn, chỉ cần treo lên thanh rèm là dùng được.', 'Vải dày dặn, rủ nếp đẹp, ít nhăn.', 'Nhận may theo kích thước riêng, nhắn tin cho shop.'],
    },
  },
  'home.kitchenware.tableware': {
    weight: 18,
    motifs: ['plate'],
    palette: HOME,
    price: [29, 359],
    dims: [{ name: { vi: 'Quy cách' }, values: { vi: ['Bộ 6 món', 'Bộ 10 món', 'Bộ 16 món', 'Bộ 22 món'] }, titleValues: { vi: ['bộ 6 món', 'bộ 10 món', 'bộ 16 món', 'bộ 22 món'] }, factors: [1, 1.5, 2.3, 3.1], ordered: true }],
    titles: {
      vi: [
        ['Bộ bát đĩa', 'Bộ chén dĩa', 'Đĩa', 'Bát ăn cơm', 'Tô', 'Bộ đồ ăn'],
        ['gốm sứ Bát Tràng', 'sứ xương', 'men lam', 'men rạn', 'gốm Minh Long', 'sứ trắng'],
        ['vẽ tay', 'họa tiết hoa sen', 'viền vàng', 'phong cách Nhật', 'tối giản'],
        ['$0'],
        ['dùng được lò vi sóng', 'làm quà tặng', ''],
      ],
    },
    descriptions: {
      vi: ['Men bóng, không chì, an toàn cho sức khỏe.', 'Dùng được trong lò vi sóng và máy rửa bát.', 'Mỗi món được kiểm tra kỹ, đóng hộp chống vỡ khi giao.', 'Họa tiết vẽ tay nên mỗi chiếc có nét riêng.'],
    },
  },
  'home.kitchenware.drinkware': {
    weight: 16,
    motifs: ['tumbler'],
    palette: HOME,
    price: [29, 199],
    dims: [
      { name: { vi: 'Dung tích' }, values: { vi: ['350ml', '500ml', '750ml'] }, factors: [1, 1.2, 1.45], ordered: true },
      { name: { vi: 'Màu sắc' }, values: { vi: ['Đen', 'Trắng', 'Xanh mint', 'Hồng', 'Xám', 'Xanh navy'] }, titleValues: { vi: ['màu đen', 'màu trắng', 'màu xanh mint', 'màu hồng', 'màu xám', 'màu xanh navy'] } },
    ],
    titles: {
      vi: [
        ['Bình giữ nhiệt', 'Cốc giữ nhiệt', 'Ly giữ nhiệt', 'Bình nước', 'Cốc uống nước', 'Bình nước thể thao'],
        ['inox 304', 'inox 316', 'thủy tinh chịu nhiệt', 'gốm sứ', 'nhựa Tritan'],
        ['có ống hút', 'nắp bật', 'giữ nóng lạnh 12 giờ', 'chống tràn', 'dung tích lớn'],
        ['$0'],
        ['$1'],
      ],
    },
    descriptions: {
      vi: ['Giữ nóng 12 giờ, giữ lạnh 24 giờ.', 'Nắp kín, bỏ túi xách không lo đổ nước.', 'Miệng rộng, dễ vệ sinh và bỏ đá.', 'Không chứa BPA, an toàn khi đựng nước nóng.'],
    },
  },

  // ---------------------------------------------------------------- beauty (Beauty Garden)
  'beauty.skincare.cleansers': {
    weight: 16,
    motifs: ['tube', 'pump'],
    palette: BEAUTY,
    price: [39, 199],
    dims: [volume(['100ml', '150ml', '200ml'], [1, 1.35, 1.7])],
    titles: {
      zh: [
        ['氨基酸', '温和', '控油', '美白', '敏感肌'],
        ['洗面奶', '洁面乳', '洁面泡沫', '卸妆洁面二合一', '洁面慕斯'],
        ['深层清洁', '保湿不紧绷', '男女通用', '学生党'],
        ['$0'],
      ],
      en: [
        ['Gentle', 'Amino Acid', 'Oil Control', 'Hydrating', 'Brightening'],
        ['Foaming Cleanser', 'Cleansing Gel', 'Facial Wash', 'Cleansing Milk'],
        ['for Sensitive Skin', 'for All Skin Types', 'for Oily Skin'],
        ['$0'],
      ],
    },
    descriptions: {
      zh: ['氨基酸表活，泡沫细腻，洗后不紧绷。', '无皂基配方，敏感肌也能日常使用。', '早晚各用一次，取适量打出泡沫后轻柔按摩。'],
      en: ['Rich, fine foam that leaves skin soft, never tight.', 'Soap-free: gentle enough for sensitive skin.', 'Use morning and night; lather and massage gently.'],
    },
  },
  'beauty.skincare.serums': {
    weight: 18,
    motifs: ['dropper'],
    palette: BEAUTY,
    price: [99, 899],
    dims: [volume(['15ml', '30ml', '50ml'], [1, 1.8, 2.7])],
    titles: {
      zh: [
        ['玻尿酸', '烟酰胺', '维C', '视黄醇', '二裂酵母', '寡肽', '积雪草'],
        ['精华液', '精华露', '安瓶精华', '原液'],
        ['补水保湿', '提亮肤色', '淡纹紧致', '修护屏障', '抗初老'],
        ['$0'],
      ],
      en: [
        ['Hyaluronic Acid', 'Niacinamide', 'Vitamin C', 'Retinol', 'Peptide', 'Centella'],
        ['Serum', 'Essence', 'Ampoule'],
        ['for Hydration', 'for Radiance', 'Firming', 'Barrier Repair'],
        ['$0'],
      ],
    },
    descriptions: {
      zh: ['质地轻薄，一抹即吸收，不黏腻。', '洁面、爽肤后使用，每次2-3滴。', '坚持使用28天，肌肤更水润透亮。', '含视黄醇的产品建议夜间使用，白天注意防晒。'],
      en: ['A light texture that sinks in at once, never sticky.', 'Apply 2–3 drops after cleansing and toning.', 'Skin looks plumper and brighter after four weeks.', 'Use retinol at night and wear sunscreen by day.'],
    },
  },
  'beauty.skincare.moisturisers': {
    weight: 16,
    motifs: ['jar', 'pump'],
    palette: BEAUTY,
    price: [69, 699],
    dims: [{ name: { zh: '规格', en: 'Size' }, values: { zh: ['30g', '50g', '75g'], en: ['30g', '50g', '75g'] }, factors: [1, 1.5, 2], ordered: true }],
    titles: {
      zh: [
        ['神经酰胺', '角鲨烷', '积雪草', '胶原蛋白', '海洋', '燕麦'],
        ['面霜', '保湿乳液', '晚霜', '啫喱霜'],
        ['保湿补水', '滋润修护', '清爽不油腻', '秋冬', '敏感肌可用'],
        ['$0'],
      ],
      en: [
        ['Ceramide', 'Squalane', 'Collagen', 'Oat', 'Marine'],
        ['Moisturising Cream', 'Face Lotion', 'Night Cream', 'Gel Cream'],
        ['Deep Hydration', 'Soothing', 'Lightweight', 'Rich Repair'],
        ['$0'],
      ],
    },
    descriptions: {
      zh: ['锁住水分，一整天都不干燥。', '清爽质地，夏天用也不闷痘。', '无香精无酒精，孕期可用。'],
      en: ['Locks in moisture for the whole day.', 'A fresh texture that stays comfortable in summer.', 'Fragrance- and alcohol-free.'],
    },
  },
  'beauty.skincare.masks': {
    weight: 16,
    motifs: ['sheetmask', 'jar'],
    palette: BEAUTY,
    price: [39, 159],
    dims: [{ name: { zh: '规格', en: 'Pack' }, values: { zh: ['5片', '10片', '20片'], en: ['5 sheets', '10 sheets', '20 sheets'] }, factors: [1, 1.8, 3.2], ordered: true }],
    titles: {
      zh: [
        ['玻尿酸', '烟酰胺', '蚕丝', '清洁', '睡眠', '冰膜', '积雪草'],
        ['面膜', '补水面膜', '泥膜', '睡眠面膜', '面膜贴'],
        ['深层补水', '提亮肤色', '舒缓修护', '收缩毛孔'],
        ['$0'],
      ],
      en: [
        ['Hyaluronic', 'Silk', 'Clay', 'Overnight', 'Green Tea', 'Rice'],
        ['Sheet Mask', 'Face Mask', 'Clay Mask', 'Sleeping Mask'],
        ['Hydrating', 'Brightening', 'Soothing', 'Pore Refining'],
        ['$0'],
      ],
    },
    descriptions: {
      zh: ['膜布轻薄贴合，精华液饱满。', '每周2-3次，每次敷15分钟。', '冷藏后使用，舒缓效果更好。'],
      en: ['A thin, close-fitting sheet soaked in serum.', 'Two or three times a week, 15 minutes each.', 'Chill it first for an extra soothing effect.'],
    },
  },
  'beauty.makeup.lipstick': {
    weight: 18,
    motifs: ['lipstick'],
    palette: LIPS,
    price: [59, 299],
    dims: [{
      name: { zh: '色号', en: 'Shade' },
      values: {
        zh: ['#01 正红色', '#02 豆沙色', '#03 枫叶红', '#04 奶茶色', '#05 烂番茄色', '#06 玫瑰粉', '#07 砖红色'],
        en: ['01 Classic Red', '02 Rosewood', '03 Maple', '04 Milk Tea', '05 Brick', '06 Rose Pink', '07 Terracotta'],
      },
      max: 6,
    }],
    titles: {
      zh: [
        ['哑光', '丝绒', '滋润', '镜面'],
        ['口红', '唇釉', '唇膏', '唇泥'],
        ['持久不掉色', '显白', '不沾杯', '小金条', '礼盒装'],
        ['$0'],
      ],
      en: [
        ['Matte', 'Velvet', 'Satin', 'Glossy'],
        ['Lipstick', 'Lip Glaze', 'Lip Balm', 'Liquid Lipstick'],
        ['Long-wearing', 'Moisturising', 'Transfer-proof', 'Gift Set'],
        ['$0'],
      ],
    },
    descriptions: {
      zh: ['显色度高，一抹上色，薄涂厚涂都好看。', '添加植物油脂，滋润不拔干。', '附赠礼盒与手提袋，送礼有面子。'],
      en: ['Rich colour in a single stroke.', 'With plant oils, so lips never feel dry.', 'Comes in a gift box with a bag.'],
    },
  },
  'beauty.hair_body.shampoo': {
    weight: 16,
    motifs: ['pump', 'tube'],
    palette: BEAUTY,
    price: [29, 129],
    dims: [volume(['400ml', '750ml', '1L'], [1, 1.6, 2])],
    titles: {
      zh: [
        ['氨基酸', '生姜', '无硅油', '茶树', '玫瑰香氛', '椰子油'],
        ['洗发水', '护发素', '洗护套装', '发膜', '洗发露'],
        ['控油蓬松', '去屑止痒', '柔顺修护', '防断发', '持久留香'],
        ['$0'],
      ],
      en: [
        ['Ginger', 'Tea Tree', 'Argan Oil', 'Coconut', 'Rose', 'Silicone-free'],
        ['Shampoo', 'Conditioner', 'Hair Mask', 'Shampoo & Conditioner Set'],
        ['Volumising', 'Anti-dandruff', 'Smoothing', 'Repairing'],
        ['$0'],
      ],
    },
    descriptions: {
      zh: ['温和清洁头皮，洗后蓬松不扁塌。', '香味淡雅持久，第二天依然留香。', '干枯受损发质建议搭配护发素使用。'],
      en: ['Cleans the scalp gently and leaves hair full of volume.', 'A soft scent that lasts into the next day.', 'For dry or damaged hair, follow with conditioner.'],
    },
  },
};
