/**
 * Demo seed data: a three-level product category tree modelled on WeChat Store (微信小店).
 *
 * - Names are given in English, Simplified Chinese and Vietnamese.
 * - `deposit` / `depositOverride` are in minor units (fen) of CNY (500000 = 5,000 yuan).
 * - `commissionBp` is in basis points (500 = 5 %).
 * - Third-level `qualifications` are required in addition to those of the first level.
 *   The general business licence is handled by the platform and therefore not listed.
 * - `sevenDayReturn` defaults to true when omitted.
 *
 * Plain data, no imports. Codes are stable lowercase slugs, unique across the whole tree.
 */

export type Names = { en: string; zh: string; vi: string };
export type AccessPolicy = 'open' | 'targeted' | 'paused';
export type QualificationSeed = { kind: string; mandatory: boolean; names: Names };
export type Level3Seed = {
  code: string;               // stable slug, unique across the whole tree, e.g. 'apparel.womens.dresses'
  names: Names;
  policy: AccessPolicy;
  qualifications?: QualificationSeed[]; // in addition to those of the ancestors
  sevenDayReturn?: boolean;   // default true; false for e.g. fresh food, custom jewellery, education courses, digital goods
  depositOverride?: number;   // optional, minor units (fen), overrides level-1 deposit
  commissionBp?: number;      // optional override in basis points
};
export type Level2Seed = { code: string; names: Names; children: Level3Seed[] };
export type Level1Seed = {
  code: string; names: Names;
  deposit: number;            // minor units (fen) of CNY, e.g. 500000 = 5,000 yuan
  commissionBp: number;       // basis points, e.g. 500 = 5 %
  giftExcluded?: boolean;     // default false; true: nothing in it may be sent as a gift (jewellery, education)
  qualifications?: QualificationSeed[];
  children: Level2Seed[];
};

export const demoCategories: Level1Seed[] = [
  {
    code: 'apparel',
    names: { en: 'Apparel & Underwear', zh: '服饰内衣', vi: 'Thời trang & Đồ lót' },
    deposit: 500000,
    commissionBp: 500,
    qualifications: [
      { kind: 'trademark_registration', mandatory: false, names: { en: 'Trademark Registration Certificate', zh: '商标注册证', vi: 'Giấy chứng nhận đăng ký nhãn hiệu' } },
      { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
    ],
    children: [
      {
        code: 'apparel.womens',
        names: { en: "Women's Clothing", zh: '女装', vi: 'Thời trang nữ' },
        children: [
          { code: 'apparel.womens.dresses', names: { en: 'Dresses', zh: '连衣裙', vi: 'Váy liền' }, policy: 'open' },
          { code: 'apparel.womens.coats', names: { en: 'Coats & Jackets', zh: '外套', vi: 'Áo khoác' }, policy: 'open' },
          { code: 'apparel.womens.knitwear', names: { en: 'Knitwear & Sweaters', zh: '针织衫/毛衣', vi: 'Áo len' }, policy: 'open' },
          { code: 'apparel.womens.tshirts', names: { en: 'T-shirts', zh: 'T恤', vi: 'Áo thun' }, policy: 'open' },
          { code: 'apparel.womens.shirts', names: { en: 'Shirts & Blouses', zh: '衬衫', vi: 'Áo sơ mi' }, policy: 'open' },
          { code: 'apparel.womens.trousers', names: { en: 'Trousers & Jeans', zh: '裤子', vi: 'Quần dài' }, policy: 'open' },
          { code: 'apparel.womens.skirts', names: { en: 'Skirts', zh: '半身裙', vi: 'Chân váy' }, policy: 'open' },
        ],
      },
      {
        code: 'apparel.mens',
        names: { en: "Men's Clothing", zh: '男装', vi: 'Thời trang nam' },
        children: [
          { code: 'apparel.mens.tshirts', names: { en: 'T-shirts & Polos', zh: 'T恤/POLO衫', vi: 'Áo thun & áo polo' }, policy: 'open' },
          { code: 'apparel.mens.shirts', names: { en: 'Shirts', zh: '衬衫', vi: 'Áo sơ mi nam' }, policy: 'open' },
          { code: 'apparel.mens.jackets', names: { en: 'Jackets', zh: '夹克', vi: 'Áo jacket' }, policy: 'open' },
          { code: 'apparel.mens.suits', names: { en: 'Suits & Blazers', zh: '西服套装', vi: 'Com-lê & áo vest' }, policy: 'open' },
          { code: 'apparel.mens.jeans', names: { en: 'Jeans', zh: '牛仔裤', vi: 'Quần jeans' }, policy: 'open' },
        ],
      },
      {
        code: 'apparel.underwear',
        names: { en: 'Underwear & Loungewear', zh: '内衣/家居服', vi: 'Đồ lót & Đồ mặc nhà' },
        children: [
          { code: 'apparel.underwear.bras', names: { en: 'Bras', zh: '文胸', vi: 'Áo ngực' }, policy: 'open' },
          { code: 'apparel.underwear.briefs', names: { en: 'Briefs & Panties', zh: '内裤', vi: 'Quần lót' }, policy: 'open' },
          { code: 'apparel.underwear.pyjamas', names: { en: 'Pyjamas & Loungewear', zh: '睡衣/家居服', vi: 'Đồ ngủ & đồ mặc nhà' }, policy: 'open' },
          { code: 'apparel.underwear.socks', names: { en: 'Socks & Hosiery', zh: '袜子', vi: 'Tất & vớ' }, policy: 'open' },
        ],
      },
      {
        code: 'apparel.traditional',
        names: { en: 'Hanfu & Traditional Wear', zh: '汉服/民族服装', vi: 'Hán phục & Trang phục truyền thống' },
        children: [
          { code: 'apparel.traditional.hanfu', names: { en: 'Hanfu', zh: '汉服', vi: 'Hán phục' }, policy: 'open' },
          { code: 'apparel.traditional.qipao', names: { en: 'Qipao', zh: '旗袍', vi: 'Sườn xám' }, policy: 'open' },
        ],
      },
      {
        code: 'apparel.accessories',
        names: { en: 'Clothing Accessories', zh: '服饰配件', vi: 'Phụ kiện thời trang' },
        children: [
          { code: 'apparel.accessories.hats', names: { en: 'Hats & Caps', zh: '帽子', vi: 'Mũ nón' }, policy: 'open' },
          { code: 'apparel.accessories.scarves', names: { en: 'Scarves', zh: '围巾', vi: 'Khăn quàng cổ' }, policy: 'open' },
          { code: 'apparel.accessories.belts', names: { en: 'Belts', zh: '腰带', vi: 'Thắt lưng' }, policy: 'open' },
        ],
      },
    ],
  },
  {
    code: 'shoes',
    names: { en: 'Shoes & Boots', zh: '鞋靴', vi: 'Giày dép & Bốt' },
    deposit: 500000,
    commissionBp: 500,
    qualifications: [
      { kind: 'trademark_registration', mandatory: false, names: { en: 'Trademark Registration Certificate', zh: '商标注册证', vi: 'Giấy chứng nhận đăng ký nhãn hiệu' } },
      { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
    ],
    children: [
      {
        code: 'shoes.womens',
        names: { en: "Women's Shoes", zh: '女鞋', vi: 'Giày nữ' },
        children: [
          { code: 'shoes.womens.high_heels', names: { en: 'High Heels', zh: '高跟鞋', vi: 'Giày cao gót' }, policy: 'open' },
          { code: 'shoes.womens.flats', names: { en: 'Flats', zh: '单鞋', vi: 'Giày bệt' }, policy: 'open' },
          { code: 'shoes.womens.sneakers', names: { en: 'Casual Sneakers', zh: '休闲板鞋', vi: 'Giày sneaker' }, policy: 'open' },
          { code: 'shoes.womens.boots', names: { en: "Women's Boots", zh: '女靴', vi: 'Bốt nữ' }, policy: 'open' },
          { code: 'shoes.womens.sandals', names: { en: 'Sandals', zh: '凉鞋', vi: 'Giày sandal' }, policy: 'open' },
        ],
      },
      {
        code: 'shoes.mens',
        names: { en: "Men's Shoes", zh: '男鞋', vi: 'Giày nam' },
        children: [
          { code: 'shoes.mens.leather_shoes', names: { en: 'Leather Shoes', zh: '皮鞋', vi: 'Giày da' }, policy: 'open' },
          { code: 'shoes.mens.casual', names: { en: 'Casual Shoes', zh: '休闲鞋', vi: 'Giày thường ngày' }, policy: 'open' },
          { code: 'shoes.mens.boots', names: { en: "Men's Boots", zh: '男靴', vi: 'Bốt nam' }, policy: 'open' },
          { code: 'shoes.mens.slippers', names: { en: 'Slippers', zh: '拖鞋', vi: 'Dép lê' }, policy: 'open' },
        ],
      },
      {
        code: 'shoes.functional',
        names: { en: 'Functional Footwear', zh: '功能鞋', vi: 'Giày chức năng' },
        children: [
          { code: 'shoes.functional.rain_boots', names: { en: 'Rain Boots', zh: '雨鞋', vi: 'Ủng đi mưa' }, policy: 'open' },
          { code: 'shoes.functional.safety_shoes', names: { en: 'Safety Shoes', zh: '劳保鞋', vi: 'Giày bảo hộ lao động' }, policy: 'open' },
          { code: 'shoes.functional.insoles', names: { en: 'Insoles & Shoe Care', zh: '鞋垫/鞋护理', vi: 'Lót giày & chăm sóc giày' }, policy: 'open' },
        ],
      },
    ],
  },
  {
    code: 'luggage',
    names: { en: 'Luggage & Leather Goods', zh: '箱包皮具', vi: 'Vali, Túi xách & Đồ da' },
    deposit: 500000,
    commissionBp: 500,
    qualifications: [
      { kind: 'trademark_registration', mandatory: false, names: { en: 'Trademark Registration Certificate', zh: '商标注册证', vi: 'Giấy chứng nhận đăng ký nhãn hiệu' } },
      { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
    ],
    children: [
      {
        code: 'luggage.womens_bags',
        names: { en: "Women's Bags", zh: '女包', vi: 'Túi xách nữ' },
        children: [
          { code: 'luggage.womens_bags.shoulder', names: { en: 'Shoulder Bags', zh: '单肩包', vi: 'Túi đeo vai' }, policy: 'open' },
          { code: 'luggage.womens_bags.crossbody', names: { en: 'Crossbody Bags', zh: '斜挎包', vi: 'Túi đeo chéo' }, policy: 'open' },
          { code: 'luggage.womens_bags.totes', names: { en: 'Tote Bags', zh: '托特包', vi: 'Túi tote' }, policy: 'open' },
          { code: 'luggage.womens_bags.clutches', names: { en: 'Clutches', zh: '手拿包', vi: 'Túi cầm tay' }, policy: 'open' },
        ],
      },
      {
        code: 'luggage.mens_bags',
        names: { en: "Men's Bags", zh: '男包', vi: 'Túi nam' },
        children: [
          { code: 'luggage.mens_bags.briefcases', names: { en: 'Briefcases', zh: '公文包', vi: 'Cặp công sở' }, policy: 'open' },
          { code: 'luggage.mens_bags.backpacks', names: { en: 'Backpacks', zh: '双肩包', vi: 'Ba lô' }, policy: 'open' },
          { code: 'luggage.mens_bags.waist', names: { en: 'Waist & Chest Bags', zh: '腰包/胸包', vi: 'Túi đeo hông & túi đeo ngực' }, policy: 'open' },
        ],
      },
      {
        code: 'luggage.travel',
        names: { en: 'Luggage & Travel', zh: '旅行箱包', vi: 'Vali & Đồ du lịch' },
        children: [
          { code: 'luggage.travel.suitcases', names: { en: 'Suitcases', zh: '拉杆箱', vi: 'Vali kéo' }, policy: 'open' },
          { code: 'luggage.travel.duffels', names: { en: 'Travel Duffels', zh: '旅行袋', vi: 'Túi du lịch' }, policy: 'open' },
          { code: 'luggage.travel.organisers', names: { en: 'Travel Organisers', zh: '收纳袋', vi: 'Túi đựng đồ du lịch' }, policy: 'open' },
        ],
      },
      {
        code: 'luggage.small_leather',
        names: { en: 'Small Leather Goods', zh: '皮具配件', vi: 'Phụ kiện đồ da' },
        children: [
          { code: 'luggage.small_leather.wallets', names: { en: 'Wallets', zh: '钱包', vi: 'Ví' }, policy: 'open' },
          { code: 'luggage.small_leather.card_holders', names: { en: 'Card Holders', zh: '卡包', vi: 'Ví đựng thẻ' }, policy: 'open' },
          { code: 'luggage.small_leather.key_cases', names: { en: 'Key Cases', zh: '钥匙包', vi: 'Ví đựng chìa khóa' }, policy: 'open' },
        ],
      },
      {
        code: 'luggage.luxury',
        names: { en: 'Luxury Bags', zh: '奢侈品箱包', vi: 'Túi xách hàng hiệu' },
        children: [
          { code: 'luggage.luxury.designer_bags', names: { en: 'Luxury Designer Bags', zh: '奢侈品包袋', vi: 'Túi xách hàng hiệu cao cấp' }, policy: 'targeted', depositOverride: 2000000,
            qualifications: [
              { kind: 'brand_authorisation', mandatory: true, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'sports',
    names: { en: 'Sports & Outdoors', zh: '运动户外', vi: 'Thể thao & Dã ngoại' },
    deposit: 500000,
    commissionBp: 500,
    qualifications: [
      { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
    ],
    children: [
      {
        code: 'sports.sportswear',
        names: { en: 'Sportswear', zh: '运动服饰', vi: 'Quần áo thể thao' },
        children: [
          { code: 'sports.sportswear.running_shoes', names: { en: 'Running Shoes', zh: '跑步鞋', vi: 'Giày chạy bộ' }, policy: 'open' },
          { code: 'sports.sportswear.sports_tops', names: { en: 'Sports Tops', zh: '运动上衣', vi: 'Áo thể thao' }, policy: 'open' },
          { code: 'sports.sportswear.yoga_wear', names: { en: 'Yoga Wear', zh: '瑜伽服', vi: 'Đồ tập yoga' }, policy: 'open' },
        ],
      },
      {
        code: 'sports.fitness',
        names: { en: 'Fitness Equipment', zh: '健身器材', vi: 'Dụng cụ thể hình' },
        children: [
          { code: 'sports.fitness.treadmills', names: { en: 'Treadmills', zh: '跑步机', vi: 'Máy chạy bộ' }, policy: 'open' },
          { code: 'sports.fitness.dumbbells', names: { en: 'Dumbbells & Weights', zh: '哑铃/杠铃', vi: 'Tạ tay & tạ đòn' }, policy: 'open' },
          { code: 'sports.fitness.yoga_mats', names: { en: 'Yoga Mats', zh: '瑜伽垫', vi: 'Thảm tập yoga' }, policy: 'open' },
        ],
      },
      {
        code: 'sports.outdoor',
        names: { en: 'Outdoor Gear', zh: '户外装备', vi: 'Đồ dùng dã ngoại' },
        children: [
          { code: 'sports.outdoor.tents', names: { en: 'Tents', zh: '帐篷', vi: 'Lều cắm trại' }, policy: 'open' },
          { code: 'sports.outdoor.sleeping_bags', names: { en: 'Sleeping Bags', zh: '睡袋', vi: 'Túi ngủ' }, policy: 'open' },
          { code: 'sports.outdoor.hiking_backpacks', names: { en: 'Hiking Backpacks', zh: '登山包', vi: 'Ba lô leo núi' }, policy: 'open' },
          { code: 'sports.outdoor.fishing_gear', names: { en: 'Fishing Gear', zh: '渔具', vi: 'Đồ câu cá' }, policy: 'open' },
          { code: 'sports.outdoor.outdoor_knives', names: { en: 'Outdoor Knives', zh: '户外刀具', vi: 'Dao dã ngoại' }, policy: 'paused' },
        ],
      },
      {
        code: 'sports.ball_sports',
        names: { en: 'Ball Sports', zh: '球类运动', vi: 'Các môn bóng' },
        children: [
          { code: 'sports.ball_sports.football', names: { en: 'Football', zh: '足球', vi: 'Bóng đá' }, policy: 'open' },
          { code: 'sports.ball_sports.basketball', names: { en: 'Basketball', zh: '篮球', vi: 'Bóng rổ' }, policy: 'open' },
          { code: 'sports.ball_sports.badminton', names: { en: 'Badminton', zh: '羽毛球', vi: 'Cầu lông' }, policy: 'open' },
        ],
      },
      {
        code: 'sports.cycling',
        names: { en: 'Cycling', zh: '骑行运动', vi: 'Đạp xe' },
        children: [
          { code: 'sports.cycling.bicycles', names: { en: 'Bicycles', zh: '自行车', vi: 'Xe đạp' }, policy: 'open' },
          { code: 'sports.cycling.cycling_helmets', names: { en: 'Cycling Helmets', zh: '骑行头盔', vi: 'Mũ bảo hiểm xe đạp' }, policy: 'open' },
        ],
      },
    ],
  },
  {
    code: 'agriculture',
    names: { en: 'Agriculture & Gardening', zh: '农资绿植', vi: 'Vật tư nông nghiệp & Cây xanh' },
    deposit: 300000,
    commissionBp: 300,
    children: [
      {
        code: 'agriculture.seeds',
        names: { en: 'Seeds & Seedlings', zh: '种子种苗', vi: 'Hạt giống & Cây giống' },
        children: [
          { code: 'agriculture.seeds.vegetable_seeds', names: { en: 'Vegetable Seeds', zh: '蔬菜种子', vi: 'Hạt giống rau' }, policy: 'targeted',
            qualifications: [
              { kind: 'seed_production_licence', mandatory: true, names: { en: 'Seed Production and Business Licence', zh: '种子生产经营许可证', vi: 'Giấy phép sản xuất, kinh doanh giống cây trồng' } },
            ],
          },
          { code: 'agriculture.seeds.crop_seeds', names: { en: 'Field Crop Seeds', zh: '大田作物种子', vi: 'Hạt giống cây lương thực' }, policy: 'targeted',
            qualifications: [
              { kind: 'seed_production_licence', mandatory: true, names: { en: 'Seed Production and Business Licence', zh: '种子生产经营许可证', vi: 'Giấy phép sản xuất, kinh doanh giống cây trồng' } },
            ],
          },
          { code: 'agriculture.seeds.fruit_seedlings', names: { en: 'Fruit Tree Seedlings', zh: '果树苗', vi: 'Cây giống ăn quả' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'seed_production_licence', mandatory: true, names: { en: 'Seed Production and Business Licence', zh: '种子生产经营许可证', vi: 'Giấy phép sản xuất, kinh doanh giống cây trồng' } },
              { kind: 'quarantine_certificate', mandatory: true, names: { en: 'Quarantine Certificate', zh: '检疫合格证明', vi: 'Giấy chứng nhận kiểm dịch' } },
            ],
          },
          { code: 'agriculture.seeds.flower_seeds', names: { en: 'Flower Seeds', zh: '花卉种子', vi: 'Hạt giống hoa' }, policy: 'open',
            qualifications: [
              { kind: 'seed_production_licence', mandatory: false, names: { en: 'Seed Production and Business Licence', zh: '种子生产经营许可证', vi: 'Giấy phép sản xuất, kinh doanh giống cây trồng' } },
            ],
          },
        ],
      },
      {
        code: 'agriculture.agrochemicals',
        names: { en: 'Pesticides & Fertilisers', zh: '农药化肥', vi: 'Thuốc BVTV & Phân bón' },
        children: [
          { code: 'agriculture.agrochemicals.pesticides', names: { en: 'Pesticides', zh: '农药', vi: 'Thuốc bảo vệ thực vật' }, policy: 'targeted',
            qualifications: [
              { kind: 'pesticide_business_licence', mandatory: true, names: { en: 'Pesticide Business Licence', zh: '农药经营许可证', vi: 'Giấy phép kinh doanh thuốc bảo vệ thực vật' } },
              { kind: 'pesticide_registration', mandatory: true, names: { en: 'Pesticide Registration Certificate', zh: '农药登记证', vi: 'Giấy chứng nhận đăng ký thuốc trừ sâu' } },
            ],
          },
          { code: 'agriculture.agrochemicals.plant_growth_regulators', names: { en: 'Plant Growth Regulators', zh: '植物生长调节剂', vi: 'Chất điều hòa sinh trưởng thực vật' }, policy: 'targeted',
            qualifications: [
              { kind: 'pesticide_business_licence', mandatory: true, names: { en: 'Pesticide Business Licence', zh: '农药经营许可证', vi: 'Giấy phép kinh doanh thuốc bảo vệ thực vật' } },
            ],
          },
          { code: 'agriculture.agrochemicals.fertilisers', names: { en: 'Chemical Fertilisers', zh: '化肥', vi: 'Phân bón hóa học' }, policy: 'open',
            qualifications: [
              { kind: 'fertiliser_registration', mandatory: true, names: { en: 'Fertiliser Registration Certificate', zh: '肥料登记证', vi: 'Giấy chứng nhận đăng ký phân bón' } },
            ],
          },
          { code: 'agriculture.agrochemicals.organic_fertilisers', names: { en: 'Organic Fertilisers', zh: '有机肥', vi: 'Phân bón hữu cơ' }, policy: 'open',
            qualifications: [
              { kind: 'fertiliser_registration', mandatory: true, names: { en: 'Fertiliser Registration Certificate', zh: '肥料登记证', vi: 'Giấy chứng nhận đăng ký phân bón' } },
              { kind: 'organic_certificate', mandatory: false, names: { en: 'Organic Product Certificate', zh: '有机产品认证证书', vi: 'Giấy chứng nhận sản phẩm hữu cơ' } },
            ],
          },
        ],
      },
      {
        code: 'agriculture.tools',
        names: { en: 'Farm Tools & Machinery', zh: '农机农具', vi: 'Nông cụ & Máy nông nghiệp' },
        children: [
          { code: 'agriculture.tools.hand_tools', names: { en: 'Garden Hand Tools', zh: '园艺工具', vi: 'Dụng cụ làm vườn' }, policy: 'open' },
          { code: 'agriculture.tools.irrigation', names: { en: 'Irrigation Equipment', zh: '灌溉设备', vi: 'Thiết bị tưới tiêu' }, policy: 'open' },
          { code: 'agriculture.tools.small_machinery', names: { en: 'Small Farm Machinery', zh: '小型农机', vi: 'Máy nông nghiệp cỡ nhỏ' }, policy: 'open' },
        ],
      },
      {
        code: 'agriculture.plants',
        names: { en: 'Green Plants & Bonsai', zh: '绿植盆栽', vi: 'Cây cảnh & Bonsai' },
        children: [
          { code: 'agriculture.plants.potted_plants', names: { en: 'Indoor Potted Plants', zh: '室内盆栽', vi: 'Cây cảnh trong nhà' }, policy: 'open', sevenDayReturn: false },
          { code: 'agriculture.plants.succulents', names: { en: 'Succulents', zh: '多肉植物', vi: 'Sen đá & xương rồng' }, policy: 'open', sevenDayReturn: false },
          { code: 'agriculture.plants.bonsai', names: { en: 'Bonsai', zh: '盆景', vi: 'Cây bonsai' }, policy: 'open', sevenDayReturn: false },
          { code: 'agriculture.plants.planters', names: { en: 'Pots & Planters', zh: '花盆花器', vi: 'Chậu cây' }, policy: 'open' },
          { code: 'agriculture.plants.soil', names: { en: 'Potting Soil', zh: '营养土', vi: 'Đất trồng cây' }, policy: 'open' },
        ],
      },
    ],
  },
  {
    code: 'fresh',
    names: { en: 'Fresh Food', zh: '生鲜', vi: 'Thực phẩm tươi sống' },
    deposit: 200000,
    commissionBp: 200,
    qualifications: [
      { kind: 'food_business_licence', mandatory: true, names: { en: 'Food Business Licence', zh: '食品经营许可证', vi: 'Giấy phép kinh doanh thực phẩm' } },
    ],
    children: [
      {
        code: 'fresh.fruit',
        names: { en: 'Fruit', zh: '水果', vi: 'Trái cây' },
        children: [
          { code: 'fresh.fruit.citrus', names: { en: 'Citrus', zh: '柑橘橙柚', vi: 'Cam, quýt & bưởi' }, policy: 'open', sevenDayReturn: false },
          { code: 'fresh.fruit.berries', names: { en: 'Berries', zh: '莓果', vi: 'Quả mọng' }, policy: 'open', sevenDayReturn: false },
          { code: 'fresh.fruit.tropical', names: { en: 'Tropical Fruit', zh: '热带水果', vi: 'Trái cây nhiệt đới' }, policy: 'open', sevenDayReturn: false },
          { code: 'fresh.fruit.apples_pears', names: { en: 'Apples & Pears', zh: '苹果/梨', vi: 'Táo & lê' }, policy: 'open', sevenDayReturn: false },
          { code: 'fresh.fruit.melons', names: { en: 'Melons', zh: '瓜类', vi: 'Các loại dưa' }, policy: 'open', sevenDayReturn: false },
        ],
      },
      {
        code: 'fresh.vegetables',
        names: { en: 'Vegetables', zh: '蔬菜', vi: 'Rau củ' },
        children: [
          { code: 'fresh.vegetables.leafy', names: { en: 'Leafy Greens', zh: '叶菜类', vi: 'Rau ăn lá' }, policy: 'open', sevenDayReturn: false },
          { code: 'fresh.vegetables.root', names: { en: 'Root Vegetables', zh: '根茎类', vi: 'Rau củ ăn củ' }, policy: 'open', sevenDayReturn: false },
          { code: 'fresh.vegetables.mushrooms', names: { en: 'Fresh Mushrooms', zh: '鲜菌菇', vi: 'Nấm tươi' }, policy: 'open', sevenDayReturn: false },
        ],
      },
      {
        code: 'fresh.meat',
        names: { en: 'Meat, Poultry & Eggs', zh: '肉禽蛋', vi: 'Thịt, gia cầm & trứng' },
        children: [
          { code: 'fresh.meat.pork', names: { en: 'Pork', zh: '猪肉', vi: 'Thịt lợn' }, policy: 'open', sevenDayReturn: false,
            qualifications: [
              { kind: 'quarantine_certificate', mandatory: true, names: { en: 'Quarantine Certificate', zh: '检疫合格证明', vi: 'Giấy chứng nhận kiểm dịch' } },
            ],
          },
          { code: 'fresh.meat.beef', names: { en: 'Beef', zh: '牛肉', vi: 'Thịt bò' }, policy: 'open', sevenDayReturn: false,
            qualifications: [
              { kind: 'quarantine_certificate', mandatory: true, names: { en: 'Quarantine Certificate', zh: '检疫合格证明', vi: 'Giấy chứng nhận kiểm dịch' } },
            ],
          },
          { code: 'fresh.meat.poultry', names: { en: 'Chilled Poultry', zh: '冷鲜禽肉', vi: 'Thịt gia cầm tươi' }, policy: 'open', sevenDayReturn: false,
            qualifications: [
              { kind: 'quarantine_certificate', mandatory: true, names: { en: 'Quarantine Certificate', zh: '检疫合格证明', vi: 'Giấy chứng nhận kiểm dịch' } },
            ],
          },
          { code: 'fresh.meat.eggs', names: { en: 'Eggs', zh: '禽蛋', vi: 'Trứng' }, policy: 'open', sevenDayReturn: false },
          { code: 'fresh.meat.live_poultry', names: { en: 'Live Poultry', zh: '活禽', vi: 'Gia cầm sống' }, policy: 'paused', sevenDayReturn: false,
            qualifications: [
              { kind: 'quarantine_certificate', mandatory: true, names: { en: 'Quarantine Certificate', zh: '检疫合格证明', vi: 'Giấy chứng nhận kiểm dịch' } },
            ],
          },
        ],
      },
      {
        code: 'fresh.seafood',
        names: { en: 'Seafood', zh: '海鲜水产', vi: 'Hải sản & Thủy sản' },
        children: [
          { code: 'fresh.seafood.fish', names: { en: 'Fresh Fish', zh: '鲜鱼', vi: 'Cá tươi' }, policy: 'open', sevenDayReturn: false },
          { code: 'fresh.seafood.shrimp', names: { en: 'Shrimp & Prawns', zh: '虾类', vi: 'Tôm' }, policy: 'open', sevenDayReturn: false },
          { code: 'fresh.seafood.crabs', names: { en: 'Crabs', zh: '蟹类', vi: 'Cua & ghẹ' }, policy: 'open', sevenDayReturn: false },
          { code: 'fresh.seafood.shellfish', names: { en: 'Shellfish', zh: '贝类', vi: 'Các loại sò, ốc' }, policy: 'open', sevenDayReturn: false },
          { code: 'fresh.seafood.hairy_crab_vouchers', names: { en: 'Hairy Crab Vouchers', zh: '大闸蟹礼券', vi: 'Phiếu quà tặng cua lông' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'prepaid_card_filing', mandatory: false, names: { en: 'Prepaid Card Business Filing', zh: '单用途预付卡备案', vi: 'Hồ sơ đăng ký phát hành thẻ trả trước' } },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'food',
    names: { en: 'Food & Beverages', zh: '食品饮料', vi: 'Thực phẩm & Đồ uống' },
    deposit: 300000,
    commissionBp: 300,
    qualifications: [
      { kind: 'food_business_licence', mandatory: true, names: { en: 'Food Business Licence', zh: '食品经营许可证', vi: 'Giấy phép kinh doanh thực phẩm' } },
    ],
    children: [
      {
        code: 'food.snacks',
        names: { en: 'Snacks', zh: '休闲零食', vi: 'Đồ ăn vặt' },
        children: [
          { code: 'food.snacks.nuts', names: { en: 'Nuts & Dried Fruit', zh: '坚果炒货', vi: 'Hạt & trái cây sấy' }, policy: 'open' },
          { code: 'food.snacks.biscuits', names: { en: 'Biscuits & Pastries', zh: '饼干糕点', vi: 'Bánh quy & bánh ngọt' }, policy: 'open' },
          { code: 'food.snacks.candy', names: { en: 'Candy & Chocolate', zh: '糖果巧克力', vi: 'Kẹo & sô-cô-la' }, policy: 'open' },
          { code: 'food.snacks.jerky', names: { en: 'Meat Snacks', zh: '肉干肉脯', vi: 'Khô thịt' }, policy: 'open' },
        ],
      },
      {
        code: 'food.grain_oil',
        names: { en: 'Grains, Oils & Condiments', zh: '粮油调味', vi: 'Gạo, dầu ăn & gia vị' },
        children: [
          { code: 'food.grain_oil.rice', names: { en: 'Rice', zh: '大米', vi: 'Gạo' }, policy: 'open' },
          { code: 'food.grain_oil.flour_noodles', names: { en: 'Flour & Noodles', zh: '面粉/面条', vi: 'Bột mì & mì sợi' }, policy: 'open' },
          { code: 'food.grain_oil.cooking_oil', names: { en: 'Cooking Oil', zh: '食用油', vi: 'Dầu ăn' }, policy: 'open' },
          { code: 'food.grain_oil.sauces', names: { en: 'Sauces & Condiments', zh: '酱油/调味酱', vi: 'Nước tương & nước chấm' }, policy: 'open' },
        ],
      },
      {
        code: 'food.drinks',
        names: { en: 'Beverages & Dairy', zh: '饮料乳品', vi: 'Đồ uống & Sữa' },
        children: [
          { code: 'food.drinks.juice', names: { en: 'Juice & Soft Drinks', zh: '果汁/碳酸饮料', vi: 'Nước ép & nước ngọt có ga' }, policy: 'open' },
          { code: 'food.drinks.coffee', names: { en: 'Coffee', zh: '咖啡', vi: 'Cà phê' }, policy: 'open' },
          { code: 'food.drinks.dairy', names: { en: 'Milk & Yoghurt', zh: '牛奶/酸奶', vi: 'Sữa tươi & sữa chua' }, policy: 'open' },
          { code: 'food.drinks.adult_milk_powder', names: { en: 'Adult Milk Powder', zh: '成人奶粉', vi: 'Sữa bột người lớn' }, policy: 'open' },
        ],
      },
      {
        code: 'food.tea',
        names: { en: 'Tea', zh: '茶叶', vi: 'Trà' },
        children: [
          { code: 'food.tea.green_tea', names: { en: 'Green Tea', zh: '绿茶', vi: 'Trà xanh' }, policy: 'open' },
          { code: 'food.tea.pu_erh', names: { en: "Pu'er Tea", zh: '普洱茶', vi: 'Trà Phổ Nhĩ' }, policy: 'open' },
          { code: 'food.tea.flower_tea', names: { en: 'Flower & Herbal Tea', zh: '花草茶', vi: 'Trà hoa & thảo mộc' }, policy: 'open' },
        ],
      },
      {
        code: 'food.health_food',
        names: { en: 'Health Foods', zh: '保健食品', vi: 'Thực phẩm bảo vệ sức khỏe' },
        children: [
          { code: 'food.health_food.vitamins', names: { en: 'Vitamins & Minerals', zh: '维生素/矿物质', vi: 'Vitamin & khoáng chất' }, policy: 'targeted',
            qualifications: [
              { kind: 'health_food_registration', mandatory: true, names: { en: 'Health Food Registration or Filing', zh: '保健食品注册或备案凭证', vi: 'Giấy đăng ký thực phẩm bảo vệ sức khỏe' } },
            ],
          },
          { code: 'food.health_food.protein', names: { en: 'Protein Powder', zh: '蛋白粉', vi: 'Bột protein' }, policy: 'targeted',
            qualifications: [
              { kind: 'health_food_registration', mandatory: true, names: { en: 'Health Food Registration or Filing', zh: '保健食品注册或备案凭证', vi: 'Giấy đăng ký thực phẩm bảo vệ sức khỏe' } },
            ],
          },
          { code: 'food.health_food.tonics', names: { en: 'Traditional Tonics', zh: '传统滋补品', vi: 'Đồ bổ truyền thống' }, policy: 'open' },
          { code: 'food.health_food.bird_nest', names: { en: "Edible Bird's Nest", zh: '燕窝', vi: 'Tổ yến' }, policy: 'targeted',
            qualifications: [
              { kind: 'quarantine_certificate', mandatory: true, names: { en: 'Quarantine Certificate', zh: '检疫合格证明', vi: 'Giấy chứng nhận kiểm dịch' } },
              { kind: 'import_customs_declaration', mandatory: false, names: { en: 'Customs Import Declaration', zh: '进口货物报关单', vi: 'Tờ khai hải quan hàng nhập khẩu' } },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'alcohol',
    names: { en: 'Alcoholic Drinks', zh: '酒类', vi: 'Đồ uống có cồn' },
    deposit: 3000000,
    commissionBp: 500,
    qualifications: [
      { kind: 'food_business_licence', mandatory: true, names: { en: 'Food Business Licence', zh: '食品经营许可证', vi: 'Giấy phép kinh doanh thực phẩm' } },
      { kind: 'liquor_distribution_licence', mandatory: true, names: { en: 'Liquor Distribution Licence', zh: '酒类流通许可证', vi: 'Giấy phép phân phối rượu' } },
    ],
    children: [
      {
        code: 'alcohol.baijiu',
        names: { en: 'Baijiu', zh: '白酒', vi: 'Rượu trắng Trung Quốc' },
        children: [
          { code: 'alcohol.baijiu.sauce_aroma', names: { en: 'Sauce-aroma Baijiu', zh: '酱香型白酒', vi: 'Bạch tửu hương tương' }, policy: 'targeted',
            qualifications: [
              { kind: 'brand_authorisation', mandatory: true, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
            ],
          },
          { code: 'alcohol.baijiu.strong_aroma', names: { en: 'Strong-aroma Baijiu', zh: '浓香型白酒', vi: 'Bạch tửu hương nồng' }, policy: 'targeted',
            qualifications: [
              { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
            ],
          },
          { code: 'alcohol.baijiu.light_aroma', names: { en: 'Light-aroma Baijiu', zh: '清香型白酒', vi: 'Bạch tửu hương thanh' }, policy: 'targeted',
            qualifications: [
              { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
            ],
          },
        ],
      },
      {
        code: 'alcohol.wine',
        names: { en: 'Wine', zh: '葡萄酒', vi: 'Rượu vang' },
        children: [
          { code: 'alcohol.wine.red_wine', names: { en: 'Red Wine', zh: '红葡萄酒', vi: 'Rượu vang đỏ' }, policy: 'targeted',
            qualifications: [
              { kind: 'import_customs_declaration', mandatory: false, names: { en: 'Customs Import Declaration', zh: '进口货物报关单', vi: 'Tờ khai hải quan hàng nhập khẩu' } },
            ],
          },
          { code: 'alcohol.wine.white_wine', names: { en: 'White Wine', zh: '白葡萄酒', vi: 'Rượu vang trắng' }, policy: 'targeted',
            qualifications: [
              { kind: 'import_customs_declaration', mandatory: false, names: { en: 'Customs Import Declaration', zh: '进口货物报关单', vi: 'Tờ khai hải quan hàng nhập khẩu' } },
            ],
          },
          { code: 'alcohol.wine.sparkling', names: { en: 'Sparkling Wine & Champagne', zh: '起泡酒/香槟', vi: 'Rượu vang sủi bọt & sâm panh' }, policy: 'targeted',
            qualifications: [
              { kind: 'import_customs_declaration', mandatory: false, names: { en: 'Customs Import Declaration', zh: '进口货物报关单', vi: 'Tờ khai hải quan hàng nhập khẩu' } },
            ],
          },
        ],
      },
      {
        code: 'alcohol.spirits',
        names: { en: 'Western Spirits', zh: '洋酒', vi: 'Rượu mạnh phương Tây' },
        children: [
          { code: 'alcohol.spirits.whisky', names: { en: 'Whisky', zh: '威士忌', vi: 'Rượu whisky' }, policy: 'targeted',
            qualifications: [
              { kind: 'import_customs_declaration', mandatory: false, names: { en: 'Customs Import Declaration', zh: '进口货物报关单', vi: 'Tờ khai hải quan hàng nhập khẩu' } },
            ],
          },
          { code: 'alcohol.spirits.brandy', names: { en: 'Brandy & Cognac', zh: '白兰地/干邑', vi: 'Rượu brandy & cognac' }, policy: 'targeted',
            qualifications: [
              { kind: 'import_customs_declaration', mandatory: false, names: { en: 'Customs Import Declaration', zh: '进口货物报关单', vi: 'Tờ khai hải quan hàng nhập khẩu' } },
            ],
          },
          { code: 'alcohol.spirits.vodka_gin', names: { en: 'Vodka & Gin', zh: '伏特加/金酒', vi: 'Rượu vodka & gin' }, policy: 'open',
            qualifications: [
              { kind: 'import_customs_declaration', mandatory: false, names: { en: 'Customs Import Declaration', zh: '进口货物报关单', vi: 'Tờ khai hải quan hàng nhập khẩu' } },
            ],
          },
        ],
      },
      {
        code: 'alcohol.other',
        names: { en: 'Beer, Rice Wine & Fruit Wine', zh: '啤酒/黄酒/果酒', vi: 'Bia, rượu gạo & rượu trái cây' },
        children: [
          { code: 'alcohol.other.beer', names: { en: 'Beer', zh: '啤酒', vi: 'Bia' }, policy: 'open' },
          { code: 'alcohol.other.huangjiu', names: { en: 'Huangjiu (Yellow Rice Wine)', zh: '黄酒', vi: 'Hoàng tửu (rượu gạo vàng)' }, policy: 'open' },
          { code: 'alcohol.other.fruit_wine', names: { en: 'Fruit Wine & Liqueurs', zh: '果酒/利口酒', vi: 'Rượu trái cây & rượu mùi' }, policy: 'open' },
          { code: 'alcohol.other.vintage_liquor', names: { en: 'Vintage Collectible Liquor', zh: '收藏老酒', vi: 'Rượu cổ sưu tầm' }, policy: 'paused',
            qualifications: [
              { kind: 'authentication_report', mandatory: true, names: { en: 'Authenticity Appraisal Report', zh: '正品鉴定报告', vi: 'Báo cáo giám định hàng chính hãng' } },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'home',
    names: { en: 'Home & Furniture', zh: '家居家具', vi: 'Nhà cửa & Nội thất' },
    deposit: 1000000,
    commissionBp: 500,
    qualifications: [
      { kind: 'trademark_registration', mandatory: false, names: { en: 'Trademark Registration Certificate', zh: '商标注册证', vi: 'Giấy chứng nhận đăng ký nhãn hiệu' } },
    ],
    children: [
      {
        code: 'home.furniture',
        names: { en: 'Furniture', zh: '家具', vi: 'Đồ nội thất' },
        children: [
          { code: 'home.furniture.sofas', names: { en: 'Sofas', zh: '沙发', vi: 'Ghế sofa' }, policy: 'open' },
          { code: 'home.furniture.beds', names: { en: 'Beds', zh: '床', vi: 'Giường' }, policy: 'open' },
          { code: 'home.furniture.mattresses', names: { en: 'Mattresses', zh: '床垫', vi: 'Nệm' }, policy: 'open' },
          { code: 'home.furniture.dining', names: { en: 'Dining Tables & Chairs', zh: '餐桌椅', vi: 'Bàn ghế ăn' }, policy: 'open' },
          { code: 'home.furniture.custom_furniture', names: { en: 'Custom-made Furniture', zh: '全屋定制', vi: 'Nội thất thiết kế theo yêu cầu' }, policy: 'open', sevenDayReturn: false },
        ],
      },
      {
        code: 'home.textiles',
        names: { en: 'Home Textiles', zh: '家纺', vi: 'Chăn ga gối & Vải gia dụng' },
        children: [
          { code: 'home.textiles.bedding_sets', names: { en: 'Bedding Sets', zh: '床品套件', vi: 'Bộ chăn ga gối' }, policy: 'open' },
          { code: 'home.textiles.duvets', names: { en: 'Duvets & Quilts', zh: '被子', vi: 'Chăn' }, policy: 'open' },
          { code: 'home.textiles.pillows', names: { en: 'Pillows', zh: '枕头', vi: 'Gối' }, policy: 'open' },
          { code: 'home.textiles.curtains', names: { en: 'Curtains', zh: '窗帘', vi: 'Rèm cửa' }, policy: 'open' },
        ],
      },
      {
        code: 'home.kitchenware',
        names: { en: 'Kitchen & Dining', zh: '厨具餐具', vi: 'Đồ dùng nhà bếp & Bộ đồ ăn' },
        children: [
          { code: 'home.kitchenware.cookware', names: { en: 'Pots & Pans', zh: '锅具', vi: 'Nồi & chảo' }, policy: 'open' },
          { code: 'home.kitchenware.knives', names: { en: 'Kitchen Knives', zh: '厨房刀具', vi: 'Dao làm bếp' }, policy: 'open' },
          { code: 'home.kitchenware.tableware', names: { en: 'Tableware', zh: '餐具', vi: 'Bộ đồ ăn' }, policy: 'open' },
          { code: 'home.kitchenware.drinkware', names: { en: 'Cups & Vacuum Flasks', zh: '水杯/保温杯', vi: 'Cốc & bình giữ nhiệt' }, policy: 'open' },
        ],
      },
      {
        code: 'home.decor',
        names: { en: 'Home Decor & Lighting', zh: '家饰灯具', vi: 'Đồ trang trí & Đèn' },
        children: [
          { code: 'home.decor.wall_art', names: { en: 'Wall Art', zh: '装饰画', vi: 'Tranh treo tường' }, policy: 'open' },
          { code: 'home.decor.vases', names: { en: 'Vases', zh: '花瓶', vi: 'Bình hoa' }, policy: 'open' },
          { code: 'home.decor.candles', names: { en: 'Scented Candles & Diffusers', zh: '香薰蜡烛', vi: 'Nến thơm & tinh dầu khuếch tán' }, policy: 'open' },
          { code: 'home.decor.lighting', names: { en: 'Lamps & Lighting', zh: '灯具', vi: 'Đèn chiếu sáng' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
        ],
      },
      {
        code: 'home.storage',
        names: { en: 'Storage & Organisation', zh: '收纳整理', vi: 'Đồ lưu trữ & Sắp xếp' },
        children: [
          { code: 'home.storage.storage_boxes', names: { en: 'Storage Boxes', zh: '收纳箱', vi: 'Hộp đựng đồ' }, policy: 'open' },
        ],
      },
    ],
  },
  {
    code: 'appliances',
    names: { en: 'Home Appliances', zh: '家用电器', vi: 'Điện gia dụng' },
    deposit: 1000000,
    commissionBp: 400,
    qualifications: [
      { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
      { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
    ],
    children: [
      {
        code: 'appliances.large',
        names: { en: 'Large Appliances', zh: '大家电', vi: 'Điện máy lớn' },
        children: [
          { code: 'appliances.large.tvs', names: { en: 'Televisions', zh: '电视', vi: 'Tivi' }, policy: 'open', commissionBp: 200,
            qualifications: [
              { kind: 'energy_efficiency_label', mandatory: false, names: { en: 'Energy Efficiency Label Filing', zh: '能效标识备案', vi: 'Hồ sơ nhãn năng lượng' } },
            ],
          },
          { code: 'appliances.large.air_conditioners', names: { en: 'Air Conditioners', zh: '空调', vi: 'Máy điều hòa' }, policy: 'open',
            qualifications: [
              { kind: 'energy_efficiency_label', mandatory: false, names: { en: 'Energy Efficiency Label Filing', zh: '能效标识备案', vi: 'Hồ sơ nhãn năng lượng' } },
            ],
          },
          { code: 'appliances.large.refrigerators', names: { en: 'Refrigerators', zh: '冰箱', vi: 'Tủ lạnh' }, policy: 'open',
            qualifications: [
              { kind: 'energy_efficiency_label', mandatory: false, names: { en: 'Energy Efficiency Label Filing', zh: '能效标识备案', vi: 'Hồ sơ nhãn năng lượng' } },
            ],
          },
          { code: 'appliances.large.washing_machines', names: { en: 'Washing Machines', zh: '洗衣机', vi: 'Máy giặt' }, policy: 'open',
            qualifications: [
              { kind: 'energy_efficiency_label', mandatory: false, names: { en: 'Energy Efficiency Label Filing', zh: '能效标识备案', vi: 'Hồ sơ nhãn năng lượng' } },
            ],
          },
        ],
      },
      {
        code: 'appliances.kitchen',
        names: { en: 'Kitchen Appliances', zh: '厨房电器', vi: 'Thiết bị nhà bếp' },
        children: [
          { code: 'appliances.kitchen.rice_cookers', names: { en: 'Rice Cookers', zh: '电饭煲', vi: 'Nồi cơm điện' }, policy: 'open' },
          { code: 'appliances.kitchen.microwaves', names: { en: 'Microwaves & Ovens', zh: '微波炉/烤箱', vi: 'Lò vi sóng & lò nướng' }, policy: 'open' },
          { code: 'appliances.kitchen.air_fryers', names: { en: 'Air Fryers', zh: '空气炸锅', vi: 'Nồi chiên không dầu' }, policy: 'open' },
          { code: 'appliances.kitchen.range_hoods', names: { en: 'Range Hoods & Hobs', zh: '烟机灶具', vi: 'Máy hút mùi & bếp' }, policy: 'open' },
        ],
      },
      {
        code: 'appliances.personal_care',
        names: { en: 'Personal Care Appliances', zh: '个护电器', vi: 'Thiết bị chăm sóc cá nhân' },
        children: [
          { code: 'appliances.personal_care.hair_dryers', names: { en: 'Hair Dryers', zh: '吹风机', vi: 'Máy sấy tóc' }, policy: 'open' },
          { code: 'appliances.personal_care.electric_toothbrushes', names: { en: 'Electric Toothbrushes', zh: '电动牙刷', vi: 'Bàn chải đánh răng điện' }, policy: 'open' },
          { code: 'appliances.personal_care.massagers', names: { en: 'Massagers', zh: '按摩器', vi: 'Máy massage' }, policy: 'open' },
        ],
      },
      {
        code: 'appliances.living',
        names: { en: 'Household Appliances', zh: '生活电器', vi: 'Thiết bị gia dụng' },
        children: [
          { code: 'appliances.living.vacuum_cleaners', names: { en: 'Vacuum Cleaners', zh: '吸尘器', vi: 'Máy hút bụi' }, policy: 'open' },
          { code: 'appliances.living.robot_vacuums', names: { en: 'Robot Vacuums', zh: '扫地机器人', vi: 'Robot hút bụi' }, policy: 'open' },
          { code: 'appliances.living.air_purifiers', names: { en: 'Air Purifiers', zh: '空气净化器', vi: 'Máy lọc không khí' }, policy: 'open' },
          { code: 'appliances.living.water_purifiers', names: { en: 'Water Purifiers', zh: '净水器', vi: 'Máy lọc nước' }, policy: 'open' },
        ],
      },
    ],
  },
  {
    code: 'digital',
    names: { en: 'Digital & Electronics', zh: '数码电子', vi: 'Kỹ thuật số & Điện tử' },
    deposit: 1000000,
    commissionBp: 300,
    qualifications: [
      { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
    ],
    children: [
      {
        code: 'digital.phones',
        names: { en: 'Mobile Phones', zh: '手机通讯', vi: 'Điện thoại di động' },
        children: [
          { code: 'digital.phones.smartphones', names: { en: 'Smartphones', zh: '手机', vi: 'Điện thoại thông minh' }, policy: 'open', commissionBp: 200,
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
              { kind: 'network_access_licence', mandatory: true, names: { en: 'Telecom Equipment Network Access Licence', zh: '电信设备进网许可证', vi: 'Giấy phép hòa mạng thiết bị viễn thông' } },
            ],
          },
          { code: 'digital.phones.phone_cases', names: { en: 'Phone Cases', zh: '手机壳', vi: 'Ốp lưng điện thoại' }, policy: 'open' },
          { code: 'digital.phones.chargers', names: { en: 'Chargers & Cables', zh: '充电器/数据线', vi: 'Sạc & cáp' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'digital.phones.power_banks', names: { en: 'Power Banks', zh: '移动电源', vi: 'Sạc dự phòng' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
        ],
      },
      {
        code: 'digital.computers',
        names: { en: 'Computers & Office', zh: '电脑办公', vi: 'Máy tính & Văn phòng' },
        children: [
          { code: 'digital.computers.laptops', names: { en: 'Laptops', zh: '笔记本电脑', vi: 'Máy tính xách tay' }, policy: 'open', commissionBp: 200,
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'digital.computers.monitors', names: { en: 'Monitors', zh: '显示器', vi: 'Màn hình máy tính' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'digital.computers.printers', names: { en: 'Printers', zh: '打印机', vi: 'Máy in' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
        ],
      },
      {
        code: 'digital.audio_video',
        names: { en: 'Audio & Imaging', zh: '影音摄影', vi: 'Âm thanh & Máy ảnh' },
        children: [
          { code: 'digital.audio_video.headphones', names: { en: 'Headphones', zh: '耳机', vi: 'Tai nghe' }, policy: 'open' },
          { code: 'digital.audio_video.speakers', names: { en: 'Speakers', zh: '音箱', vi: 'Loa' }, policy: 'open' },
          { code: 'digital.audio_video.cameras', names: { en: 'Cameras', zh: '相机', vi: 'Máy ảnh' }, policy: 'open' },
          { code: 'digital.audio_video.drones', names: { en: 'Drones', zh: '无人机', vi: 'Flycam (máy bay không người lái)' }, policy: 'targeted', depositOverride: 2000000,
            qualifications: [
              { kind: 'radio_transmission_approval', mandatory: true, names: { en: 'Radio Transmission Equipment Type Approval', zh: '无线电发射设备型号核准证', vi: 'Giấy phê duyệt mẫu thiết bị phát sóng vô tuyến' } },
            ],
          },
        ],
      },
      {
        code: 'digital.smart',
        names: { en: 'Smart Devices & Gaming', zh: '智能设备/游戏', vi: 'Thiết bị thông minh & Trò chơi' },
        children: [
          { code: 'digital.smart.smartwatches', names: { en: 'Smartwatches', zh: '智能手表', vi: 'Đồng hồ thông minh' }, policy: 'open' },
          { code: 'digital.smart.tablets', names: { en: 'Tablets', zh: '平板电脑', vi: 'Máy tính bảng' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'digital.smart.game_consoles', names: { en: 'Game Consoles', zh: '游戏机', vi: 'Máy chơi game' }, policy: 'open' },
          { code: 'digital.smart.game_cards', names: { en: 'Game Top-up Cards & Codes', zh: '游戏点卡', vi: 'Thẻ nạp game & mã kỹ thuật số' }, policy: 'paused', sevenDayReturn: false },
        ],
      },
    ],
  },
  {
    code: 'beauty',
    names: { en: 'Beauty & Personal Care', zh: '美妆个护', vi: 'Làm đẹp & Chăm sóc cá nhân' },
    deposit: 500000,
    commissionBp: 600,
    qualifications: [
      { kind: 'cosmetics_filing', mandatory: true, names: { en: 'Cosmetics Filing Record', zh: '化妆品备案凭证', vi: 'Phiếu công bố mỹ phẩm' } },
      { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
    ],
    children: [
      {
        code: 'beauty.skincare',
        names: { en: 'Skincare', zh: '护肤', vi: 'Chăm sóc da' },
        children: [
          { code: 'beauty.skincare.cleansers', names: { en: 'Facial Cleansers', zh: '洁面', vi: 'Sữa rửa mặt' }, policy: 'open' },
          { code: 'beauty.skincare.serums', names: { en: 'Serums', zh: '精华', vi: 'Tinh chất dưỡng da (serum)' }, policy: 'open' },
          { code: 'beauty.skincare.moisturisers', names: { en: 'Moisturisers', zh: '面霜/乳液', vi: 'Kem dưỡng ẩm' }, policy: 'open' },
          { code: 'beauty.skincare.masks', names: { en: 'Face Masks', zh: '面膜', vi: 'Mặt nạ dưỡng da' }, policy: 'open' },
          { code: 'beauty.skincare.sunscreen', names: { en: 'Sunscreen', zh: '防晒', vi: 'Kem chống nắng' }, policy: 'targeted',
            qualifications: [
              { kind: 'special_cosmetics_registration', mandatory: true, names: { en: 'Special Cosmetics Registration Certificate', zh: '特殊化妆品注册证', vi: 'Giấy chứng nhận đăng ký mỹ phẩm đặc biệt' } },
            ],
          },
        ],
      },
      {
        code: 'beauty.makeup',
        names: { en: 'Makeup', zh: '彩妆', vi: 'Trang điểm' },
        children: [
          { code: 'beauty.makeup.foundation', names: { en: 'Foundation', zh: '粉底', vi: 'Kem nền' }, policy: 'open' },
          { code: 'beauty.makeup.lipstick', names: { en: 'Lipstick', zh: '口红', vi: 'Son môi' }, policy: 'open' },
          { code: 'beauty.makeup.eye_makeup', names: { en: 'Eye Makeup', zh: '眼妆', vi: 'Trang điểm mắt' }, policy: 'open' },
        ],
      },
      {
        code: 'beauty.fragrance',
        names: { en: 'Fragrance', zh: '香水香氛', vi: 'Nước hoa' },
        children: [
          { code: 'beauty.fragrance.perfume', names: { en: 'Perfume', zh: '香水', vi: 'Nước hoa' }, policy: 'open' },
          { code: 'beauty.fragrance.gift_sets', names: { en: 'Fragrance Gift Sets', zh: '香氛礼盒', vi: 'Hộp quà nước hoa' }, policy: 'open' },
        ],
      },
      {
        code: 'beauty.hair_body',
        names: { en: 'Hair, Body & Oral Care', zh: '洗护/口腔', vi: 'Chăm sóc tóc, cơ thể & răng miệng' },
        children: [
          { code: 'beauty.hair_body.shampoo', names: { en: 'Shampoo & Conditioner', zh: '洗发护发', vi: 'Dầu gội & dầu xả' }, policy: 'open' },
          { code: 'beauty.hair_body.hair_dye', names: { en: 'Hair Dye', zh: '染发剂', vi: 'Thuốc nhuộm tóc' }, policy: 'targeted',
            qualifications: [
              { kind: 'special_cosmetics_registration', mandatory: true, names: { en: 'Special Cosmetics Registration Certificate', zh: '特殊化妆品注册证', vi: 'Giấy chứng nhận đăng ký mỹ phẩm đặc biệt' } },
            ],
          },
          { code: 'beauty.hair_body.hair_loss', names: { en: 'Anti-hair-loss Products', zh: '防脱发产品', vi: 'Sản phẩm chống rụng tóc' }, policy: 'targeted',
            qualifications: [
              { kind: 'special_cosmetics_registration', mandatory: true, names: { en: 'Special Cosmetics Registration Certificate', zh: '特殊化妆品注册证', vi: 'Giấy chứng nhận đăng ký mỹ phẩm đặc biệt' } },
            ],
          },
          { code: 'beauty.hair_body.oral_care', names: { en: 'Toothpaste & Oral Care', zh: '牙膏/口腔护理', vi: 'Kem đánh răng & chăm sóc răng miệng' }, policy: 'open' },
        ],
      },
    ],
  },
  {
    code: 'baby',
    names: { en: 'Mother, Baby & Toys', zh: '母婴玩具', vi: 'Mẹ & Bé, Đồ chơi' },
    deposit: 500000,
    commissionBp: 400,
    qualifications: [
      { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
    ],
    children: [
      {
        code: 'baby.formula_food',
        names: { en: 'Formula & Baby Food', zh: '奶粉辅食', vi: 'Sữa công thức & Đồ ăn dặm' },
        children: [
          { code: 'baby.formula_food.infant_formula', names: { en: 'Infant Formula', zh: '婴幼儿配方奶粉', vi: 'Sữa bột công thức cho trẻ em' }, policy: 'targeted', commissionBp: 300, depositOverride: 1000000,
            qualifications: [
              { kind: 'food_business_licence', mandatory: true, names: { en: 'Food Business Licence', zh: '食品经营许可证', vi: 'Giấy phép kinh doanh thực phẩm' } },
              { kind: 'infant_formula_registration', mandatory: true, names: { en: 'Infant Formula Recipe Registration', zh: '婴幼儿配方乳粉产品配方注册证书', vi: 'Giấy đăng ký công thức sữa bột trẻ em' } },
            ],
          },
          { code: 'baby.formula_food.baby_food', names: { en: 'Baby Food', zh: '婴幼儿辅食', vi: 'Đồ ăn dặm' }, policy: 'open',
            qualifications: [
              { kind: 'food_business_licence', mandatory: true, names: { en: 'Food Business Licence', zh: '食品经营许可证', vi: 'Giấy phép kinh doanh thực phẩm' } },
            ],
          },
          { code: 'baby.formula_food.special_medical_formula', names: { en: 'Special Medical Purpose Formula', zh: '特殊医学用途配方食品', vi: 'Thực phẩm dinh dưỡng y học' }, policy: 'paused',
            qualifications: [
              { kind: 'food_business_licence', mandatory: true, names: { en: 'Food Business Licence', zh: '食品经营许可证', vi: 'Giấy phép kinh doanh thực phẩm' } },
              { kind: 'special_medical_food_registration', mandatory: true, names: { en: 'Special Medical Purpose Food Registration', zh: '特殊医学用途配方食品注册证书', vi: 'Giấy đăng ký thực phẩm dinh dưỡng y học' } },
            ],
          },
        ],
      },
      {
        code: 'baby.diapers',
        names: { en: 'Diapers & Wipes', zh: '尿裤湿巾', vi: 'Tã & Khăn ướt' },
        children: [
          { code: 'baby.diapers.diapers', names: { en: 'Diapers', zh: '纸尿裤', vi: 'Tã giấy' }, policy: 'open' },
          { code: 'baby.diapers.baby_wipes', names: { en: 'Baby Wipes', zh: '婴儿湿巾', vi: 'Khăn ướt em bé' }, policy: 'open' },
          { code: 'baby.diapers.baby_skincare', names: { en: 'Baby Skincare', zh: '婴童护肤', vi: 'Chăm sóc da em bé' }, policy: 'open',
            qualifications: [
              { kind: 'cosmetics_filing', mandatory: true, names: { en: 'Cosmetics Filing Record', zh: '化妆品备案凭证', vi: 'Phiếu công bố mỹ phẩm' } },
            ],
          },
        ],
      },
      {
        code: 'baby.gear',
        names: { en: 'Baby Gear', zh: '童车童床', vi: 'Đồ dùng cho bé' },
        children: [
          { code: 'baby.gear.strollers', names: { en: 'Strollers', zh: '婴儿推车', vi: 'Xe đẩy em bé' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'baby.gear.car_seats', names: { en: 'Child Car Seats', zh: '儿童安全座椅', vi: 'Ghế ô tô cho trẻ em' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'baby.gear.feeding', names: { en: 'Feeding Bottles & Teats', zh: '奶瓶奶嘴', vi: 'Bình sữa & núm ti' }, policy: 'open' },
        ],
      },
      {
        code: 'baby.kids_clothing',
        names: { en: "Kids' & Maternity Wear", zh: '童装/孕妇装', vi: 'Quần áo trẻ em & Đồ bầu' },
        children: [
          { code: 'baby.kids_clothing.kids_clothes', names: { en: "Kids' Clothes", zh: '童装', vi: 'Quần áo trẻ em' }, policy: 'open' },
          { code: 'baby.kids_clothing.maternity', names: { en: 'Maternity Wear', zh: '孕妇装', vi: 'Đồ bầu' }, policy: 'open' },
        ],
      },
      {
        code: 'baby.toys',
        names: { en: 'Toys', zh: '玩具', vi: 'Đồ chơi' },
        children: [
          { code: 'baby.toys.building_blocks', names: { en: 'Building Blocks', zh: '积木', vi: 'Đồ chơi lắp ghép' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'baby.toys.plush', names: { en: 'Plush Toys', zh: '毛绒玩具', vi: 'Thú nhồi bông' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'baby.toys.educational', names: { en: 'Educational Toys', zh: '益智玩具', vi: 'Đồ chơi giáo dục' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'baby.toys.figures', names: { en: 'Figures & Blind Boxes', zh: '手办/盲盒', vi: 'Mô hình & hộp mù' }, policy: 'open' },
        ],
      },
    ],
  },
  {
    code: 'pets',
    names: { en: 'Pets', zh: '宠物', vi: 'Thú cưng' },
    deposit: 300000,
    commissionBp: 400,
    children: [
      {
        code: 'pets.pet_food',
        names: { en: 'Pet Food', zh: '宠物食品', vi: 'Thức ăn thú cưng' },
        children: [
          { code: 'pets.pet_food.dog_food', names: { en: 'Dog Food', zh: '狗粮', vi: 'Thức ăn cho chó' }, policy: 'open',
            qualifications: [
              { kind: 'feed_production_licence', mandatory: false, names: { en: 'Feed Production Licence', zh: '饲料生产许可证', vi: 'Giấy phép sản xuất thức ăn chăn nuôi' } },
            ],
          },
          { code: 'pets.pet_food.cat_food', names: { en: 'Cat Food', zh: '猫粮', vi: 'Thức ăn cho mèo' }, policy: 'open',
            qualifications: [
              { kind: 'feed_production_licence', mandatory: false, names: { en: 'Feed Production Licence', zh: '饲料生产许可证', vi: 'Giấy phép sản xuất thức ăn chăn nuôi' } },
            ],
          },
          { code: 'pets.pet_food.treats', names: { en: 'Pet Treats', zh: '宠物零食', vi: 'Đồ ăn vặt cho thú cưng' }, policy: 'open',
            qualifications: [
              { kind: 'feed_production_licence', mandatory: false, names: { en: 'Feed Production Licence', zh: '饲料生产许可证', vi: 'Giấy phép sản xuất thức ăn chăn nuôi' } },
            ],
          },
        ],
      },
      {
        code: 'pets.supplies',
        names: { en: 'Pet Supplies', zh: '宠物用品', vi: 'Đồ dùng thú cưng' },
        children: [
          { code: 'pets.supplies.cat_litter', names: { en: 'Cat Litter', zh: '猫砂', vi: 'Cát vệ sinh cho mèo' }, policy: 'open' },
          { code: 'pets.supplies.leashes', names: { en: 'Leashes & Collars', zh: '牵引绳/项圈', vi: 'Dây dắt & vòng cổ' }, policy: 'open' },
          { code: 'pets.supplies.grooming', names: { en: 'Grooming Supplies', zh: '洗护美容', vi: 'Đồ chăm sóc lông' }, policy: 'open' },
          { code: 'pets.supplies.aquarium', names: { en: 'Aquarium Supplies', zh: '水族用品', vi: 'Đồ dùng bể cá' }, policy: 'open' },
        ],
      },
      {
        code: 'pets.health',
        names: { en: 'Pet Health', zh: '宠物医疗保健', vi: 'Chăm sóc sức khỏe thú cưng' },
        children: [
          { code: 'pets.health.dewormers', names: { en: 'Dewormers', zh: '驱虫药', vi: 'Thuốc tẩy giun' }, policy: 'targeted',
            qualifications: [
              { kind: 'veterinary_drug_licence', mandatory: true, names: { en: 'Veterinary Drug Business Licence', zh: '兽药经营许可证', vi: 'Giấy phép kinh doanh thuốc thú y' } },
            ],
          },
          { code: 'pets.health.supplements', names: { en: 'Pet Supplements', zh: '宠物营养品', vi: 'Thực phẩm bổ sung cho thú cưng' }, policy: 'open' },
        ],
      },
      {
        code: 'pets.live',
        names: { en: 'Live Pets', zh: '活体宠物', vi: 'Thú cưng sống' },
        children: [
          { code: 'pets.live.cats', names: { en: 'Cats', zh: '猫咪', vi: 'Mèo' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'quarantine_certificate', mandatory: true, names: { en: 'Quarantine Certificate', zh: '检疫合格证明', vi: 'Giấy chứng nhận kiểm dịch' } },
              { kind: 'animal_epidemic_prevention_certificate', mandatory: true, names: { en: 'Animal Epidemic Prevention Certificate', zh: '动物防疫条件合格证', vi: 'Giấy chứng nhận đủ điều kiện phòng dịch động vật' } },
            ],
          },
          { code: 'pets.live.dogs', names: { en: 'Dogs', zh: '狗狗', vi: 'Chó' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'quarantine_certificate', mandatory: true, names: { en: 'Quarantine Certificate', zh: '检疫合格证明', vi: 'Giấy chứng nhận kiểm dịch' } },
              { kind: 'animal_epidemic_prevention_certificate', mandatory: true, names: { en: 'Animal Epidemic Prevention Certificate', zh: '动物防疫条件合格证', vi: 'Giấy chứng nhận đủ điều kiện phòng dịch động vật' } },
            ],
          },
          { code: 'pets.live.aquarium_fish', names: { en: 'Aquarium Fish', zh: '观赏鱼', vi: 'Cá cảnh' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'quarantine_certificate', mandatory: true, names: { en: 'Quarantine Certificate', zh: '检疫合格证明', vi: 'Giấy chứng nhận kiểm dịch' } },
            ],
          },
          { code: 'pets.live.reptiles', names: { en: 'Reptiles', zh: '爬行宠物', vi: 'Bò sát cảnh' }, policy: 'paused', sevenDayReturn: false,
            qualifications: [
              { kind: 'quarantine_certificate', mandatory: true, names: { en: 'Quarantine Certificate', zh: '检疫合格证明', vi: 'Giấy chứng nhận kiểm dịch' } },
            ],
          },
          { code: 'pets.live.birds', names: { en: 'Pet Birds', zh: '观赏鸟', vi: 'Chim cảnh' }, policy: 'paused', sevenDayReturn: false,
            qualifications: [
              { kind: 'quarantine_certificate', mandatory: true, names: { en: 'Quarantine Certificate', zh: '检疫合格证明', vi: 'Giấy chứng nhận kiểm dịch' } },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'books',
    names: { en: 'Books & Audio-Visual', zh: '图书音像', vi: 'Sách & Sản phẩm nghe nhìn' },
    deposit: 300000,
    commissionBp: 200,
    qualifications: [
      { kind: 'publication_licence', mandatory: true, names: { en: 'Publication Business Licence', zh: '出版物经营许可证', vi: 'Giấy phép kinh doanh xuất bản phẩm' } },
    ],
    children: [
      {
        code: 'books.books',
        names: { en: 'Books', zh: '图书', vi: 'Sách' },
        children: [
          { code: 'books.books.fiction', names: { en: 'Fiction', zh: '小说', vi: 'Tiểu thuyết' }, policy: 'open' },
          { code: 'books.books.children', names: { en: "Children's Books", zh: '童书', vi: 'Sách thiếu nhi' }, policy: 'open' },
          { code: 'books.books.textbooks', names: { en: 'Textbooks & Exam Prep', zh: '教材教辅', vi: 'Sách giáo khoa & tham khảo' }, policy: 'targeted' },
          { code: 'books.books.social_science', names: { en: 'History & Social Science', zh: '历史/社科', vi: 'Lịch sử & Khoa học xã hội' }, policy: 'open' },
          { code: 'books.books.business', names: { en: 'Business & Economics', zh: '经济管理', vi: 'Kinh tế & Quản trị' }, policy: 'open' },
          { code: 'books.books.comics', names: { en: 'Comics & Picture Books', zh: '漫画绘本', vi: 'Truyện tranh' }, policy: 'open' },
          { code: 'books.books.imported', names: { en: 'Imported Original Editions', zh: '进口原版书', vi: 'Sách ngoại văn nhập khẩu' }, policy: 'targeted' },
        ],
      },
      {
        code: 'books.audio_visual',
        names: { en: 'Audio & Video', zh: '音像制品', vi: 'Sản phẩm nghe nhìn' },
        children: [
          { code: 'books.audio_visual.music_cds', names: { en: 'Music CDs', zh: '音乐CD', vi: 'Đĩa nhạc CD' }, policy: 'targeted' },
          { code: 'books.audio_visual.vinyl', names: { en: 'Vinyl Records', zh: '黑胶唱片', vi: 'Đĩa than' }, policy: 'targeted' },
          { code: 'books.audio_visual.films', names: { en: 'Films on DVD & Blu-ray', zh: '影视DVD/蓝光', vi: 'Phim DVD & Blu-ray' }, policy: 'targeted' },
        ],
      },
      {
        code: 'books.digital_media',
        names: { en: 'E-books & Audiobooks', zh: '电子书/有声书', vi: 'Sách điện tử & Sách nói' },
        children: [
          { code: 'books.digital_media.ebooks', names: { en: 'E-books', zh: '电子书', vi: 'Sách điện tử' }, policy: 'open', sevenDayReturn: false },
          { code: 'books.digital_media.audiobooks', names: { en: 'Audiobooks', zh: '有声书', vi: 'Sách nói' }, policy: 'open', sevenDayReturn: false },
        ],
      },
      {
        code: 'books.antiquarian',
        names: { en: 'Second-hand & Rare Books', zh: '古旧书', vi: 'Sách cũ & Sách hiếm' },
        children: [
          { code: 'books.antiquarian.used_books', names: { en: 'Used Books', zh: '二手书', vi: 'Sách cũ' }, policy: 'open' },
          { code: 'books.antiquarian.rare_books', names: { en: 'Rare & Antique Books', zh: '古籍善本', vi: 'Sách cổ quý hiếm' }, policy: 'paused',
            qualifications: [
              { kind: 'cultural_relic_licence', mandatory: true, names: { en: 'Cultural Relics Business Licence', zh: '文物经营许可证', vi: 'Giấy phép kinh doanh di vật, cổ vật' } },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'jade',
    names: { en: 'Jade & Collectibles', zh: '玉石文玩', vi: 'Ngọc & Đồ sưu tầm' },
    deposit: 5000000,
    commissionBp: 600,
    children: [
      {
        code: 'jade.jade',
        names: { en: 'Jade', zh: '玉石', vi: 'Ngọc' },
        children: [
          { code: 'jade.jade.jadeite', names: { en: 'Jadeite (Feicui)', zh: '翡翠', vi: 'Ngọc phỉ thúy' }, policy: 'targeted',
            qualifications: [
              { kind: 'jade_appraisal_certificate', mandatory: true, names: { en: 'Jade Appraisal Certificate', zh: '玉石鉴定证书', vi: 'Giấy chứng nhận giám định ngọc' } },
            ],
          },
          { code: 'jade.jade.hetian', names: { en: 'Hetian Nephrite', zh: '和田玉', vi: 'Ngọc Hòa Điền' }, policy: 'targeted',
            qualifications: [
              { kind: 'jade_appraisal_certificate', mandatory: true, names: { en: 'Jade Appraisal Certificate', zh: '玉石鉴定证书', vi: 'Giấy chứng nhận giám định ngọc' } },
            ],
          },
          { code: 'jade.jade.other_jade', names: { en: 'Other Jades', zh: '其他玉石', vi: 'Các loại ngọc khác' }, policy: 'targeted',
            qualifications: [
              { kind: 'jade_appraisal_certificate', mandatory: true, names: { en: 'Jade Appraisal Certificate', zh: '玉石鉴定证书', vi: 'Giấy chứng nhận giám định ngọc' } },
            ],
          },
          { code: 'jade.jade.raw_jade', names: { en: 'Raw Jadeite Stones', zh: '翡翠原石', vi: 'Đá ngọc thô' }, policy: 'paused',
            qualifications: [
              { kind: 'jade_appraisal_certificate', mandatory: true, names: { en: 'Jade Appraisal Certificate', zh: '玉石鉴定证书', vi: 'Giấy chứng nhận giám định ngọc' } },
            ],
          },
        ],
      },
      {
        code: 'jade.amber_crystal',
        names: { en: 'Amber, Crystal & Turquoise', zh: '琥珀/水晶/绿松石', vi: 'Hổ phách, Thạch anh & Ngọc lam' },
        children: [
          { code: 'jade.amber_crystal.amber', names: { en: 'Amber & Beeswax', zh: '琥珀蜜蜡', vi: 'Hổ phách' }, policy: 'targeted',
            qualifications: [
              { kind: 'gemstone_appraisal_certificate', mandatory: true, names: { en: 'Gemstone Appraisal Certificate', zh: '珠宝玉石鉴定证书', vi: 'Giấy chứng nhận giám định đá quý' } },
            ],
          },
          { code: 'jade.amber_crystal.crystal', names: { en: 'Natural Crystal', zh: '天然水晶', vi: 'Thạch anh tự nhiên' }, policy: 'open',
            qualifications: [
              { kind: 'gemstone_appraisal_certificate', mandatory: false, names: { en: 'Gemstone Appraisal Certificate', zh: '珠宝玉石鉴定证书', vi: 'Giấy chứng nhận giám định đá quý' } },
            ],
          },
          { code: 'jade.amber_crystal.turquoise', names: { en: 'Turquoise', zh: '绿松石', vi: 'Ngọc lam' }, policy: 'targeted',
            qualifications: [
              { kind: 'gemstone_appraisal_certificate', mandatory: true, names: { en: 'Gemstone Appraisal Certificate', zh: '珠宝玉石鉴定证书', vi: 'Giấy chứng nhận giám định đá quý' } },
            ],
          },
        ],
      },
      {
        code: 'jade.wenwan',
        names: { en: 'Wenwan Curios', zh: '文玩杂项', vi: 'Đồ văn ngoạn' },
        children: [
          { code: 'jade.wenwan.walnuts', names: { en: 'Hand-play Walnuts', zh: '文玩核桃', vi: 'Hạt óc chó văn ngoạn' }, policy: 'open' },
          { code: 'jade.wenwan.prayer_beads', names: { en: 'Wooden Prayer Beads', zh: '手串佛珠', vi: 'Vòng chuỗi hạt gỗ' }, policy: 'open' },
          { code: 'jade.wenwan.agarwood', names: { en: 'Agarwood', zh: '沉香', vi: 'Trầm hương' }, policy: 'targeted',
            qualifications: [
              { kind: 'authentication_report', mandatory: false, names: { en: 'Authenticity Appraisal Report', zh: '正品鉴定报告', vi: 'Báo cáo giám định hàng chính hãng' } },
            ],
          },
          { code: 'jade.wenwan.red_sandalwood', names: { en: 'Red Sandalwood', zh: '小叶紫檀', vi: 'Gỗ tử đàn' }, policy: 'open' },
        ],
      },
      {
        code: 'jade.collectibles',
        names: { en: 'Collectibles', zh: '收藏品', vi: 'Đồ sưu tầm' },
        children: [
          { code: 'jade.collectibles.coins', names: { en: 'Coins & Banknotes', zh: '钱币', vi: 'Tiền xu & tiền giấy sưu tầm' }, policy: 'paused' },
          { code: 'jade.collectibles.stamps', names: { en: 'Stamps', zh: '邮票', vi: 'Tem bưu chính' }, policy: 'open' },
          { code: 'jade.collectibles.antiques', names: { en: 'Antiques', zh: '古董', vi: 'Đồ cổ' }, policy: 'paused',
            qualifications: [
              { kind: 'cultural_relic_licence', mandatory: true, names: { en: 'Cultural Relics Business Licence', zh: '文物经营许可证', vi: 'Giấy phép kinh doanh di vật, cổ vật' } },
            ],
          },
          { code: 'jade.collectibles.ceramics', names: { en: 'Art Ceramics', zh: '艺术陶瓷', vi: 'Gốm sứ nghệ thuật' }, policy: 'open' },
          { code: 'jade.collectibles.calligraphy_painting', names: { en: 'Calligraphy & Painting', zh: '书画', vi: 'Thư pháp & Tranh vẽ' }, policy: 'targeted',
            qualifications: [
              { kind: 'authentication_report', mandatory: false, names: { en: 'Authenticity Appraisal Report', zh: '正品鉴定报告', vi: 'Báo cáo giám định hàng chính hãng' } },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'jewellery',
    names: { en: 'Jewellery', zh: '珠宝首饰', vi: 'Trang sức' },
    deposit: 5000000,
    commissionBp: 300,
    giftExcluded: true,
    qualifications: [
      { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
    ],
    children: [
      {
        code: 'jewellery.gold',
        names: { en: 'Gold & Platinum', zh: '黄金铂金', vi: 'Vàng & Bạch kim' },
        children: [
          { code: 'jewellery.gold.gold_jewellery', names: { en: 'Gold Jewellery', zh: '黄金首饰', vi: 'Trang sức vàng' }, policy: 'targeted', commissionBp: 150, depositOverride: 10000000,
            qualifications: [
              { kind: 'gold_assay_report', mandatory: true, names: { en: 'Precious Metal Assay Report', zh: '贵金属检测报告', vi: 'Báo cáo kiểm định kim loại quý' } },
            ],
          },
          { code: 'jewellery.gold.platinum', names: { en: 'Platinum Jewellery', zh: '铂金首饰', vi: 'Trang sức bạch kim' }, policy: 'targeted', depositOverride: 8000000,
            qualifications: [
              { kind: 'gold_assay_report', mandatory: true, names: { en: 'Precious Metal Assay Report', zh: '贵金属检测报告', vi: 'Báo cáo kiểm định kim loại quý' } },
            ],
          },
          { code: 'jewellery.gold.k_gold', names: { en: 'K-Gold Jewellery', zh: 'K金首饰', vi: 'Trang sức vàng tây' }, policy: 'targeted',
            qualifications: [
              { kind: 'gold_assay_report', mandatory: true, names: { en: 'Precious Metal Assay Report', zh: '贵金属检测报告', vi: 'Báo cáo kiểm định kim loại quý' } },
            ],
          },
          { code: 'jewellery.gold.investment_gold', names: { en: 'Investment Gold Bars', zh: '投资金条', vi: 'Vàng miếng đầu tư' }, policy: 'paused',
            qualifications: [
              { kind: 'gold_assay_report', mandatory: true, names: { en: 'Precious Metal Assay Report', zh: '贵金属检测报告', vi: 'Báo cáo kiểm định kim loại quý' } },
            ],
          },
        ],
      },
      {
        code: 'jewellery.diamonds',
        names: { en: 'Diamonds & Gemstones', zh: '钻石彩宝', vi: 'Kim cương & Đá quý' },
        children: [
          { code: 'jewellery.diamonds.diamond_rings', names: { en: 'Diamond Rings', zh: '钻戒', vi: 'Nhẫn kim cương' }, policy: 'targeted',
            qualifications: [
              { kind: 'gemstone_appraisal_certificate', mandatory: true, names: { en: 'Gemstone Appraisal Certificate', zh: '珠宝玉石鉴定证书', vi: 'Giấy chứng nhận giám định đá quý' } },
            ],
          },
          { code: 'jewellery.diamonds.lab_diamonds', names: { en: 'Lab-grown Diamonds', zh: '培育钻石', vi: 'Kim cương nhân tạo' }, policy: 'targeted',
            qualifications: [
              { kind: 'gemstone_appraisal_certificate', mandatory: true, names: { en: 'Gemstone Appraisal Certificate', zh: '珠宝玉石鉴定证书', vi: 'Giấy chứng nhận giám định đá quý' } },
            ],
          },
          { code: 'jewellery.diamonds.coloured_gems', names: { en: 'Coloured Gemstones', zh: '彩色宝石', vi: 'Đá quý màu' }, policy: 'targeted',
            qualifications: [
              { kind: 'gemstone_appraisal_certificate', mandatory: true, names: { en: 'Gemstone Appraisal Certificate', zh: '珠宝玉石鉴定证书', vi: 'Giấy chứng nhận giám định đá quý' } },
            ],
          },
          { code: 'jewellery.diamonds.pearls', names: { en: 'Pearls', zh: '珍珠', vi: 'Ngọc trai' }, policy: 'open',
            qualifications: [
              { kind: 'gemstone_appraisal_certificate', mandatory: false, names: { en: 'Gemstone Appraisal Certificate', zh: '珠宝玉石鉴定证书', vi: 'Giấy chứng nhận giám định đá quý' } },
            ],
          },
        ],
      },
      {
        code: 'jewellery.silver',
        names: { en: 'Silver Jewellery', zh: '银饰', vi: 'Trang sức bạc' },
        children: [
          { code: 'jewellery.silver.silver_jewellery', names: { en: 'Sterling Silver Jewellery', zh: '纯银首饰', vi: 'Trang sức bạc nguyên chất' }, policy: 'open',
            qualifications: [
              { kind: 'gold_assay_report', mandatory: false, names: { en: 'Precious Metal Assay Report', zh: '贵金属检测报告', vi: 'Báo cáo kiểm định kim loại quý' } },
            ],
          },
          { code: 'jewellery.silver.silverware', names: { en: 'Silverware', zh: '银器', vi: 'Đồ bạc' }, policy: 'open',
            qualifications: [
              { kind: 'gold_assay_report', mandatory: false, names: { en: 'Precious Metal Assay Report', zh: '贵金属检测报告', vi: 'Báo cáo kiểm định kim loại quý' } },
            ],
          },
        ],
      },
      {
        code: 'jewellery.fashion',
        names: { en: 'Fashion Jewellery', zh: '时尚饰品', vi: 'Trang sức thời trang' },
        children: [
          { code: 'jewellery.fashion.earrings', names: { en: 'Earrings', zh: '耳饰', vi: 'Bông tai' }, policy: 'open' },
          { code: 'jewellery.fashion.necklaces', names: { en: 'Necklaces', zh: '项链', vi: 'Dây chuyền' }, policy: 'open' },
          { code: 'jewellery.fashion.bracelets', names: { en: 'Bracelets', zh: '手链', vi: 'Vòng tay' }, policy: 'open' },
          { code: 'jewellery.fashion.hair_accessories', names: { en: 'Hair Accessories', zh: '发饰', vi: 'Phụ kiện tóc' }, policy: 'open' },
        ],
      },
      {
        code: 'jewellery.custom',
        names: { en: 'Custom Jewellery', zh: '定制首饰', vi: 'Trang sức đặt làm riêng' },
        children: [
          { code: 'jewellery.custom.engraved', names: { en: 'Engraved & Custom Pieces', zh: '刻字定制', vi: 'Trang sức khắc chữ theo yêu cầu' }, policy: 'open', sevenDayReturn: false },
          { code: 'jewellery.custom.wedding_rings', names: { en: 'Custom Wedding Rings', zh: '婚戒定制', vi: 'Nhẫn cưới đặt làm' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'gold_assay_report', mandatory: true, names: { en: 'Precious Metal Assay Report', zh: '贵金属检测报告', vi: 'Báo cáo kiểm định kim loại quý' } },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'watches_eyewear',
    names: { en: 'Watches & Eyewear', zh: '钟表眼镜', vi: 'Đồng hồ & Kính mắt' },
    deposit: 1000000,
    commissionBp: 400,
    qualifications: [
      { kind: 'brand_authorisation', mandatory: false, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
    ],
    children: [
      {
        code: 'watches_eyewear.watches',
        names: { en: 'Watches', zh: '腕表', vi: 'Đồng hồ đeo tay' },
        children: [
          { code: 'watches_eyewear.watches.mechanical', names: { en: 'Mechanical Watches', zh: '机械表', vi: 'Đồng hồ cơ' }, policy: 'open' },
          { code: 'watches_eyewear.watches.quartz', names: { en: 'Quartz Watches', zh: '石英表', vi: 'Đồng hồ quartz' }, policy: 'open' },
          { code: 'watches_eyewear.watches.luxury_watches', names: { en: 'Luxury Watches', zh: '奢华名表', vi: 'Đồng hồ hàng hiệu cao cấp' }, policy: 'targeted', commissionBp: 200, depositOverride: 3000000,
            qualifications: [
              { kind: 'brand_authorisation', mandatory: true, names: { en: 'Brand Authorisation Letter', zh: '品牌授权书', vi: 'Giấy ủy quyền thương hiệu' } },
            ],
          },
          { code: 'watches_eyewear.watches.kids_watches', names: { en: "Children's Watches", zh: '儿童手表', vi: 'Đồng hồ trẻ em' }, policy: 'open' },
        ],
      },
      {
        code: 'watches_eyewear.eyewear',
        names: { en: 'Eyewear', zh: '眼镜', vi: 'Kính mắt' },
        children: [
          { code: 'watches_eyewear.eyewear.frames', names: { en: 'Spectacle Frames', zh: '眼镜框', vi: 'Gọng kính' }, policy: 'open' },
          { code: 'watches_eyewear.eyewear.sunglasses', names: { en: 'Sunglasses', zh: '太阳镜', vi: 'Kính râm' }, policy: 'open' },
          { code: 'watches_eyewear.eyewear.lenses', names: { en: 'Prescription Lenses', zh: '配镜镜片', vi: 'Tròng kính cắt theo đơn' }, policy: 'open', sevenDayReturn: false },
          { code: 'watches_eyewear.eyewear.contact_lenses', names: { en: 'Contact Lenses', zh: '隐形眼镜', vi: 'Kính áp tròng' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
              { kind: 'medical_device_business_licence', mandatory: true, names: { en: 'Medical Device Business Licence', zh: '医疗器械经营许可证', vi: 'Giấy phép kinh doanh thiết bị y tế' } },
            ],
          },
          { code: 'watches_eyewear.eyewear.reading_glasses', names: { en: 'Reading Glasses', zh: '老花镜', vi: 'Kính lão' }, policy: 'open' },
        ],
      },
      {
        code: 'watches_eyewear.accessories',
        names: { en: 'Watch Accessories', zh: '钟表配件', vi: 'Phụ kiện đồng hồ' },
        children: [
          { code: 'watches_eyewear.accessories.watch_straps', names: { en: 'Watch Straps', zh: '表带', vi: 'Dây đồng hồ' }, policy: 'open' },
          { code: 'watches_eyewear.accessories.watch_boxes', names: { en: 'Watch Boxes & Winders', zh: '表盒/摇表器', vi: 'Hộp đựng & máy lên dây đồng hồ' }, policy: 'open' },
        ],
      },
    ],
  },
  {
    code: 'education',
    names: { en: 'Education & Training', zh: '教育培训', vi: 'Giáo dục & Đào tạo' },
    deposit: 1000000,
    commissionBp: 1000,
    giftExcluded: true,
    children: [
      {
        code: 'education.language',
        names: { en: 'Language Learning', zh: '语言培训', vi: 'Học ngoại ngữ' },
        children: [
          { code: 'education.language.english', names: { en: 'English Courses', zh: '英语课程', vi: 'Khóa học tiếng Anh' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'education_licence', mandatory: true, names: { en: 'Education Operating Licence', zh: '办学许可证', vi: 'Giấy phép hoạt động giáo dục' } },
            ],
          },
          { code: 'education.language.japanese_korean', names: { en: 'Japanese & Korean Courses', zh: '日语/韩语课程', vi: 'Khóa học tiếng Nhật & tiếng Hàn' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'education_licence', mandatory: true, names: { en: 'Education Operating Licence', zh: '办学许可证', vi: 'Giấy phép hoạt động giáo dục' } },
            ],
          },
          { code: 'education.language.chinese', names: { en: 'Chinese for Foreigners', zh: '对外汉语', vi: 'Tiếng Trung cho người nước ngoài' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'education_licence', mandatory: true, names: { en: 'Education Operating Licence', zh: '办学许可证', vi: 'Giấy phép hoạt động giáo dục' } },
            ],
          },
        ],
      },
      {
        code: 'education.vocational',
        names: { en: 'Vocational Training', zh: '职业技能', vi: 'Đào tạo nghề nghiệp' },
        children: [
          { code: 'education.vocational.programming', names: { en: 'IT & Programming', zh: 'IT编程', vi: 'Công nghệ thông tin & lập trình' }, policy: 'open', sevenDayReturn: false },
          { code: 'education.vocational.certification', names: { en: 'Professional Certification Exams', zh: '职业资格考试', vi: 'Luyện thi chứng chỉ nghề nghiệp' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'education_licence', mandatory: true, names: { en: 'Education Operating Licence', zh: '办学许可证', vi: 'Giấy phép hoạt động giáo dục' } },
            ],
          },
          { code: 'education.vocational.design', names: { en: 'Design & Creative Skills', zh: '设计创作', vi: 'Thiết kế & sáng tạo' }, policy: 'open', sevenDayReturn: false },
          { code: 'education.vocational.finance', names: { en: 'Finance & Accounting', zh: '财会金融', vi: 'Tài chính & kế toán' }, policy: 'open', sevenDayReturn: false },
        ],
      },
      {
        code: 'education.academic',
        names: { en: 'Academic Education', zh: '学历教育', vi: 'Giáo dục học thuật' },
        children: [
          { code: 'education.academic.k12', names: { en: 'K-12 Subject Tutoring', zh: '中小学学科辅导', vi: 'Phụ đạo các môn học phổ thông' }, policy: 'paused', sevenDayReturn: false,
            qualifications: [
              { kind: 'education_licence', mandatory: true, names: { en: 'Education Operating Licence', zh: '办学许可证', vi: 'Giấy phép hoạt động giáo dục' } },
            ],
          },
          { code: 'education.academic.postgraduate', names: { en: 'Postgraduate Entrance Exams', zh: '考研', vi: 'Luyện thi cao học' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'education_licence', mandatory: true, names: { en: 'Education Operating Licence', zh: '办学许可证', vi: 'Giấy phép hoạt động giáo dục' } },
            ],
          },
          { code: 'education.academic.study_abroad', names: { en: 'Study Abroad Services', zh: '留学服务', vi: 'Dịch vụ du học' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'education_licence', mandatory: true, names: { en: 'Education Operating Licence', zh: '办学许可证', vi: 'Giấy phép hoạt động giáo dục' } },
            ],
          },
        ],
      },
      {
        code: 'education.hobbies',
        names: { en: 'Hobbies & Lifestyle', zh: '兴趣生活', vi: 'Sở thích & Đời sống' },
        children: [
          { code: 'education.hobbies.music', names: { en: 'Music Lessons', zh: '音乐培训', vi: 'Học nhạc' }, policy: 'open', sevenDayReturn: false,
            qualifications: [
              { kind: 'education_licence', mandatory: false, names: { en: 'Education Operating Licence', zh: '办学许可证', vi: 'Giấy phép hoạt động giáo dục' } },
            ],
          },
          { code: 'education.hobbies.art', names: { en: 'Art & Painting Lessons', zh: '美术培训', vi: 'Học vẽ & mỹ thuật' }, policy: 'open', sevenDayReturn: false,
            qualifications: [
              { kind: 'education_licence', mandatory: false, names: { en: 'Education Operating Licence', zh: '办学许可证', vi: 'Giấy phép hoạt động giáo dục' } },
            ],
          },
          { code: 'education.hobbies.fitness', names: { en: 'Fitness Courses', zh: '健身课程', vi: 'Khóa học thể hình' }, policy: 'open', sevenDayReturn: false },
          { code: 'education.hobbies.cooking', names: { en: 'Cooking Classes', zh: '烹饪课程', vi: 'Lớp học nấu ăn' }, policy: 'open', sevenDayReturn: false },
          { code: 'education.hobbies.parenting', names: { en: 'Parenting Courses', zh: '育儿课程', vi: 'Khóa học nuôi dạy con' }, policy: 'open', sevenDayReturn: false },
        ],
      },
    ],
  },
  {
    code: 'health',
    names: { en: 'Health & Medical Devices', zh: '医疗保健', vi: 'Sức khỏe & Thiết bị y tế' },
    deposit: 2000000,
    commissionBp: 500,
    children: [
      {
        code: 'health.devices',
        names: { en: 'Home Medical Devices', zh: '家用医疗器械', vi: 'Thiết bị y tế gia đình' },
        children: [
          { code: 'health.devices.blood_pressure', names: { en: 'Blood Pressure Monitors', zh: '血压计', vi: 'Máy đo huyết áp' }, policy: 'targeted',
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
              { kind: 'medical_device_business_licence', mandatory: true, names: { en: 'Medical Device Business Licence', zh: '医疗器械经营许可证', vi: 'Giấy phép kinh doanh thiết bị y tế' } },
            ],
          },
          { code: 'health.devices.glucose_meters', names: { en: 'Blood Glucose Meters', zh: '血糖仪', vi: 'Máy đo đường huyết' }, policy: 'targeted',
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
              { kind: 'medical_device_business_licence', mandatory: true, names: { en: 'Medical Device Business Licence', zh: '医疗器械经营许可证', vi: 'Giấy phép kinh doanh thiết bị y tế' } },
            ],
          },
          { code: 'health.devices.thermometers', names: { en: 'Thermometers', zh: '体温计', vi: 'Nhiệt kế' }, policy: 'open',
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
            ],
          },
          { code: 'health.devices.oximeters', names: { en: 'Pulse Oximeters', zh: '血氧仪', vi: 'Máy đo nồng độ oxy máu' }, policy: 'targeted',
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
              { kind: 'medical_device_business_licence', mandatory: true, names: { en: 'Medical Device Business Licence', zh: '医疗器械经营许可证', vi: 'Giấy phép kinh doanh thiết bị y tế' } },
            ],
          },
          { code: 'health.devices.nebulisers', names: { en: 'Nebulisers', zh: '雾化器', vi: 'Máy xông khí dung' }, policy: 'targeted',
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
              { kind: 'medical_device_business_licence', mandatory: true, names: { en: 'Medical Device Business Licence', zh: '医疗器械经营许可证', vi: 'Giấy phép kinh doanh thiết bị y tế' } },
            ],
          },
          { code: 'health.devices.oxygen', names: { en: 'Oxygen Concentrators', zh: '制氧机', vi: 'Máy tạo oxy' }, policy: 'targeted',
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
              { kind: 'medical_device_business_licence', mandatory: true, names: { en: 'Medical Device Business Licence', zh: '医疗器械经营许可证', vi: 'Giấy phép kinh doanh thiết bị y tế' } },
            ],
          },
          { code: 'health.devices.hearing_aids', names: { en: 'Hearing Aids', zh: '助听器', vi: 'Máy trợ thính' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
              { kind: 'medical_device_business_licence', mandatory: true, names: { en: 'Medical Device Business Licence', zh: '医疗器械经营许可证', vi: 'Giấy phép kinh doanh thiết bị y tế' } },
            ],
          },
        ],
      },
      {
        code: 'health.consumables',
        names: { en: 'Medical Consumables', zh: '医用耗材', vi: 'Vật tư y tế tiêu hao' },
        children: [
          { code: 'health.consumables.medical_masks', names: { en: 'Medical Masks', zh: '医用口罩', vi: 'Khẩu trang y tế' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
            ],
          },
          { code: 'health.consumables.dressings', names: { en: 'Bandages & Dressings', zh: '医用敷料', vi: 'Băng gạc y tế' }, policy: 'open',
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
            ],
          },
          { code: 'health.consumables.test_kits', names: { en: 'Rapid Self-test Kits', zh: '检测试纸', vi: 'Que thử nhanh' }, policy: 'open', sevenDayReturn: false,
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
            ],
          },
        ],
      },
      {
        code: 'health.rehab',
        names: { en: 'Rehabilitation Aids', zh: '康复护理', vi: 'Dụng cụ phục hồi chức năng' },
        children: [
          { code: 'health.rehab.wheelchairs', names: { en: 'Wheelchairs', zh: '轮椅', vi: 'Xe lăn' }, policy: 'targeted',
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
            ],
          },
          { code: 'health.rehab.walking_aids', names: { en: 'Walking Aids', zh: '助行器', vi: 'Khung tập đi & gậy chống' }, policy: 'open' },
        ],
      },
      {
        code: 'health.family_planning',
        names: { en: 'Family Planning', zh: '计生用品', vi: 'Kế hoạch hóa gia đình' },
        children: [
          { code: 'health.family_planning.condoms', names: { en: 'Condoms', zh: '避孕套', vi: 'Bao cao su' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
            ],
          },
          { code: 'health.family_planning.pregnancy_tests', names: { en: 'Pregnancy Tests', zh: '验孕棒', vi: 'Que thử thai' }, policy: 'open', sevenDayReturn: false,
            qualifications: [
              { kind: 'medical_device_registration', mandatory: true, names: { en: 'Medical Device Registration Certificate', zh: '医疗器械注册证', vi: 'Giấy chứng nhận đăng ký thiết bị y tế' } },
            ],
          },
        ],
      },
      {
        code: 'health.medicines',
        names: { en: 'Medicines', zh: '药品', vi: 'Thuốc' },
        children: [
          { code: 'health.medicines.otc', names: { en: 'Over-the-counter Medicines', zh: '非处方药', vi: 'Thuốc không kê đơn' }, policy: 'paused', sevenDayReturn: false },
          { code: 'health.medicines.prescription', names: { en: 'Prescription Medicines', zh: '处方药', vi: 'Thuốc kê đơn' }, policy: 'paused', sevenDayReturn: false },
        ],
      },
    ],
  },
  {
    code: 'automotive',
    names: { en: 'Automotive', zh: '汽车用品', vi: 'Phụ tùng & Đồ dùng ô tô' },
    deposit: 1000000,
    commissionBp: 400,
    children: [
      {
        code: 'automotive.interior',
        names: { en: 'Interior Accessories', zh: '车内饰品', vi: 'Phụ kiện nội thất ô tô' },
        children: [
          { code: 'automotive.interior.seat_covers', names: { en: 'Seat Covers & Cushions', zh: '座垫座套', vi: 'Bọc ghế & đệm ngồi' }, policy: 'open' },
          { code: 'automotive.interior.floor_mats', names: { en: 'Floor Mats', zh: '脚垫', vi: 'Thảm lót sàn' }, policy: 'open' },
          { code: 'automotive.interior.phone_mounts', names: { en: 'Phone Mounts', zh: '车载支架', vi: 'Giá đỡ điện thoại' }, policy: 'open' },
        ],
      },
      {
        code: 'automotive.electronics',
        names: { en: 'Car Electronics', zh: '车载电器', vi: 'Thiết bị điện tử ô tô' },
        children: [
          { code: 'automotive.electronics.dash_cams', names: { en: 'Dash Cams', zh: '行车记录仪', vi: 'Camera hành trình' }, policy: 'open' },
          { code: 'automotive.electronics.car_chargers', names: { en: 'Car Chargers', zh: '车载充电器', vi: 'Sạc ô tô' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'automotive.electronics.tyre_inflators', names: { en: 'Tyre Inflators', zh: '车载充气泵', vi: 'Bơm lốp ô tô' }, policy: 'open' },
        ],
      },
      {
        code: 'automotive.maintenance',
        names: { en: 'Maintenance & Parts', zh: '维修保养', vi: 'Bảo dưỡng & Phụ tùng' },
        children: [
          { code: 'automotive.maintenance.engine_oil', names: { en: 'Engine Oil', zh: '机油', vi: 'Dầu nhớt động cơ' }, policy: 'open' },
          { code: 'automotive.maintenance.tyres', names: { en: 'Tyres', zh: '轮胎', vi: 'Lốp xe' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'automotive.maintenance.car_care', names: { en: 'Car Wash & Detailing', zh: '洗车美容', vi: 'Chăm sóc & vệ sinh xe' }, policy: 'open' },
          { code: 'automotive.maintenance.batteries', names: { en: 'Car Batteries', zh: '蓄电池', vi: 'Ắc quy ô tô' }, policy: 'open' },
        ],
      },
      {
        code: 'automotive.motorcycle',
        names: { en: 'Motorcycles & E-bikes', zh: '摩托/电动车', vi: 'Xe máy & Xe điện' },
        children: [
          { code: 'automotive.motorcycle.helmets', names: { en: 'Helmets', zh: '头盔', vi: 'Mũ bảo hiểm' }, policy: 'open',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
          { code: 'automotive.motorcycle.ebikes', names: { en: 'Electric Bicycles', zh: '电动自行车', vi: 'Xe đạp điện' }, policy: 'targeted',
            qualifications: [
              { kind: '3c_certificate', mandatory: true, names: { en: 'CCC Compulsory Certification', zh: '3C强制性认证证书', vi: 'Chứng nhận bắt buộc 3C' } },
            ],
          },
        ],
      },
      {
        code: 'automotive.vehicles',
        names: { en: 'Vehicles', zh: '整车', vi: 'Xe nguyên chiếc' },
        children: [
          { code: 'automotive.vehicles.new_car_deposits', names: { en: 'New Car Deposits', zh: '新车订金', vi: 'Đặt cọc xe mới' }, policy: 'paused', sevenDayReturn: false },
        ],
      },
    ],
  },
  {
    code: 'cleaning',
    names: { en: 'Household Cleaning', zh: '家庭清洁', vi: 'Vệ sinh nhà cửa' },
    deposit: 300000,
    commissionBp: 400,
    children: [
      {
        code: 'cleaning.laundry',
        names: { en: 'Laundry', zh: '衣物清洁', vi: 'Giặt giũ' },
        children: [
          { code: 'cleaning.laundry.detergent', names: { en: 'Laundry Detergent', zh: '洗衣液', vi: 'Nước giặt' }, policy: 'open' },
          { code: 'cleaning.laundry.fabric_softener', names: { en: 'Fabric Softener', zh: '柔顺剂', vi: 'Nước xả vải' }, policy: 'open' },
        ],
      },
      {
        code: 'cleaning.paper',
        names: { en: 'Paper & Tissues', zh: '纸品湿巾', vi: 'Giấy & Khăn ướt' },
        children: [
          { code: 'cleaning.paper.toilet_paper', names: { en: 'Toilet Paper', zh: '卷纸', vi: 'Giấy vệ sinh' }, policy: 'open' },
          { code: 'cleaning.paper.facial_tissue', names: { en: 'Facial Tissue', zh: '抽纸', vi: 'Khăn giấy rút' }, policy: 'open' },
          { code: 'cleaning.paper.wet_wipes', names: { en: 'Wet Wipes', zh: '湿巾', vi: 'Khăn ướt' }, policy: 'open' },
        ],
      },
      {
        code: 'cleaning.household',
        names: { en: 'Home Cleaning Agents', zh: '家居清洁剂', vi: 'Chất tẩy rửa gia dụng' },
        children: [
          { code: 'cleaning.household.dish_soap', names: { en: 'Dishwashing Liquid', zh: '洗洁精', vi: 'Nước rửa chén' }, policy: 'open' },
          { code: 'cleaning.household.surface_cleaners', names: { en: 'Surface Cleaners', zh: '多用途清洁剂', vi: 'Chất tẩy rửa bề mặt' }, policy: 'open' },
          { code: 'cleaning.household.disinfectants', names: { en: 'Disinfectants', zh: '消毒液', vi: 'Dung dịch khử khuẩn' }, policy: 'open',
            qualifications: [
              { kind: 'disinfectant_hygiene_licence', mandatory: true, names: { en: 'Disinfectant Product Hygiene Licence', zh: '消毒产品生产企业卫生许可证', vi: 'Giấy phép vệ sinh sản xuất sản phẩm khử khuẩn' } },
            ],
          },
          { code: 'cleaning.household.insecticides', names: { en: 'Household Insecticides', zh: '驱蚊杀虫', vi: 'Thuốc diệt côn trùng gia dụng' }, policy: 'targeted',
            qualifications: [
              { kind: 'pesticide_registration', mandatory: true, names: { en: 'Pesticide Registration Certificate', zh: '农药登记证', vi: 'Giấy chứng nhận đăng ký thuốc trừ sâu' } },
            ],
          },
        ],
      },
      {
        code: 'cleaning.tools',
        names: { en: 'Cleaning Tools', zh: '清洁工具', vi: 'Dụng cụ vệ sinh' },
        children: [
          { code: 'cleaning.tools.mops', names: { en: 'Mops & Brooms', zh: '拖把/扫把', vi: 'Cây lau nhà & chổi' }, policy: 'open' },
          { code: 'cleaning.tools.bins', names: { en: 'Bins & Bin Bags', zh: '垃圾桶/垃圾袋', vi: 'Thùng rác & túi đựng rác' }, policy: 'open' },
        ],
      },
    ],
  },
  {
    code: 'stationery',
    names: { en: 'Stationery & Office', zh: '文具办公', vi: 'Văn phòng phẩm' },
    deposit: 300000,
    commissionBp: 500,
    children: [
      {
        code: 'stationery.writing',
        names: { en: 'Writing Instruments', zh: '书写工具', vi: 'Dụng cụ viết' },
        children: [
          { code: 'stationery.writing.pens', names: { en: 'Pens', zh: '笔类', vi: 'Bút' }, policy: 'open' },
          { code: 'stationery.writing.fountain_pens', names: { en: 'Fountain Pens', zh: '钢笔', vi: 'Bút máy' }, policy: 'open' },
          { code: 'stationery.writing.calligraphy', names: { en: 'Calligraphy Supplies', zh: '文房四宝', vi: 'Văn phòng tứ bảo' }, policy: 'open' },
        ],
      },
      {
        code: 'stationery.paper',
        names: { en: 'Notebooks & Paper', zh: '本册纸张', vi: 'Sổ & Giấy' },
        children: [
          { code: 'stationery.paper.notebooks', names: { en: 'Notebooks', zh: '笔记本', vi: 'Sổ tay' }, policy: 'open' },
          { code: 'stationery.paper.copy_paper', names: { en: 'Copy Paper', zh: '复印纸', vi: 'Giấy photocopy' }, policy: 'open' },
        ],
      },
      {
        code: 'stationery.office',
        names: { en: 'Office Supplies', zh: '办公用品', vi: 'Đồ dùng văn phòng' },
        children: [
          { code: 'stationery.office.files', names: { en: 'Files & Folders', zh: '文件收纳', vi: 'Bìa & kẹp hồ sơ' }, policy: 'open' },
          { code: 'stationery.office.office_furniture', names: { en: 'Office Chairs & Desks', zh: '办公桌椅', vi: 'Bàn ghế văn phòng' }, policy: 'open' },
          { code: 'stationery.office.printer_supplies', names: { en: 'Printer Ink & Toner', zh: '墨盒硒鼓', vi: 'Mực in & hộp mực' }, policy: 'open' },
        ],
      },
      {
        code: 'stationery.art',
        names: { en: 'Art & School Supplies', zh: '画材/学生文具', vi: 'Họa cụ & Đồ dùng học sinh' },
        children: [
          { code: 'stationery.art.paints', names: { en: 'Paints', zh: '颜料', vi: 'Màu vẽ' }, policy: 'open' },
          { code: 'stationery.art.brushes_canvas', names: { en: 'Brushes & Canvas', zh: '画笔画布', vi: 'Cọ vẽ & vải canvas' }, policy: 'open' },
          { code: 'stationery.art.school_supplies', names: { en: 'School Supplies', zh: '学生文具', vi: 'Đồ dùng học sinh' }, policy: 'open' },
        ],
      },
    ],
  },
  {
    code: 'flowers_gifts',
    names: { en: 'Flowers & Gifts', zh: '鲜花礼品', vi: 'Hoa tươi & Quà tặng' },
    deposit: 200000,
    commissionBp: 500,
    children: [
      {
        code: 'flowers_gifts.fresh_flowers',
        names: { en: 'Fresh Flowers', zh: '鲜花', vi: 'Hoa tươi' },
        children: [
          { code: 'flowers_gifts.fresh_flowers.bouquets', names: { en: 'Bouquets', zh: '花束', vi: 'Bó hoa' }, policy: 'open', sevenDayReturn: false },
          { code: 'flowers_gifts.fresh_flowers.roses', names: { en: 'Roses', zh: '玫瑰', vi: 'Hoa hồng' }, policy: 'open', sevenDayReturn: false },
          { code: 'flowers_gifts.fresh_flowers.subscriptions', names: { en: 'Flower Subscriptions', zh: '鲜花订阅', vi: 'Gói hoa định kỳ' }, policy: 'open', sevenDayReturn: false },
          { code: 'flowers_gifts.fresh_flowers.baskets', names: { en: 'Flower Baskets', zh: '花篮', vi: 'Lẵng hoa' }, policy: 'open', sevenDayReturn: false },
        ],
      },
      {
        code: 'flowers_gifts.preserved',
        names: { en: 'Preserved & Artificial Flowers', zh: '永生花/仿真花', vi: 'Hoa bất tử & Hoa giả' },
        children: [
          { code: 'flowers_gifts.preserved.preserved', names: { en: 'Preserved Flowers', zh: '永生花', vi: 'Hoa bất tử' }, policy: 'open' },
          { code: 'flowers_gifts.preserved.artificial', names: { en: 'Artificial Flowers', zh: '仿真花', vi: 'Hoa giả' }, policy: 'open' },
          { code: 'flowers_gifts.preserved.dried', names: { en: 'Dried Flowers', zh: '干花', vi: 'Hoa khô' }, policy: 'open' },
        ],
      },
      {
        code: 'flowers_gifts.gifts',
        names: { en: 'Gifts', zh: '礼品', vi: 'Quà tặng' },
        children: [
          { code: 'flowers_gifts.gifts.gift_boxes', names: { en: 'Gift Boxes', zh: '礼盒', vi: 'Hộp quà' }, policy: 'open' },
          { code: 'flowers_gifts.gifts.personalised', names: { en: 'Personalised Gifts', zh: '定制礼品', vi: 'Quà tặng cá nhân hóa' }, policy: 'open', sevenDayReturn: false },
          { code: 'flowers_gifts.gifts.festive', names: { en: 'Festive Gifts', zh: '节日礼品', vi: 'Quà tặng ngày lễ' }, policy: 'open' },
          { code: 'flowers_gifts.gifts.mooncakes', names: { en: 'Mooncake Gift Boxes', zh: '月饼礼盒', vi: 'Hộp bánh Trung thu' }, policy: 'open',
            qualifications: [
              { kind: 'food_business_licence', mandatory: true, names: { en: 'Food Business Licence', zh: '食品经营许可证', vi: 'Giấy phép kinh doanh thực phẩm' } },
            ],
          },
          { code: 'flowers_gifts.gifts.gift_cards', names: { en: 'Gift Cards', zh: '礼品卡', vi: 'Thẻ quà tặng' }, policy: 'paused', sevenDayReturn: false,
            qualifications: [
              { kind: 'prepaid_card_filing', mandatory: true, names: { en: 'Prepaid Card Business Filing', zh: '单用途预付卡备案', vi: 'Hồ sơ đăng ký phát hành thẻ trả trước' } },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'local_services',
    names: { en: 'Local Services & Tickets', zh: '本地生活/票务', vi: 'Dịch vụ địa phương & Vé' },
    deposit: 1000000,
    commissionBp: 800,
    children: [
      {
        code: 'local_services.tickets',
        names: { en: 'Tickets', zh: '票务', vi: 'Vé' },
        children: [
          { code: 'local_services.tickets.concerts', names: { en: 'Concert Tickets', zh: '演唱会门票', vi: 'Vé ca nhạc' }, policy: 'paused', sevenDayReturn: false,
            qualifications: [
              { kind: 'performance_licence', mandatory: true, names: { en: 'Commercial Performance Licence', zh: '营业性演出许可证', vi: 'Giấy phép biểu diễn nghệ thuật thương mại' } },
            ],
          },
          { code: 'local_services.tickets.theatre', names: { en: 'Theatre & Shows', zh: '话剧演出', vi: 'Vé kịch & biểu diễn' }, policy: 'paused', sevenDayReturn: false,
            qualifications: [
              { kind: 'performance_licence', mandatory: true, names: { en: 'Commercial Performance Licence', zh: '营业性演出许可证', vi: 'Giấy phép biểu diễn nghệ thuật thương mại' } },
            ],
          },
          { code: 'local_services.tickets.attractions', names: { en: 'Scenic Spot Tickets', zh: '景点门票', vi: 'Vé tham quan' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'ticketing_authorisation', mandatory: true, names: { en: 'Ticketing Agency Authorisation', zh: '票务代理授权书', vi: 'Giấy ủy quyền đại lý bán vé' } },
            ],
          },
          { code: 'local_services.tickets.sports_events', names: { en: 'Sports Event Tickets', zh: '赛事门票', vi: 'Vé sự kiện thể thao' }, policy: 'paused', sevenDayReturn: false,
            qualifications: [
              { kind: 'ticketing_authorisation', mandatory: true, names: { en: 'Ticketing Agency Authorisation', zh: '票务代理授权书', vi: 'Giấy ủy quyền đại lý bán vé' } },
            ],
          },
        ],
      },
      {
        code: 'local_services.travel',
        names: { en: 'Travel', zh: '旅游出行', vi: 'Du lịch & Đi lại' },
        children: [
          { code: 'local_services.travel.hotels', names: { en: 'Hotel Bookings', zh: '酒店预订', vi: 'Đặt phòng khách sạn' }, policy: 'open', sevenDayReturn: false },
          { code: 'local_services.travel.tours', names: { en: 'Group Tours', zh: '跟团游', vi: 'Tour du lịch trọn gói' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'travel_agency_licence', mandatory: true, names: { en: 'Travel Agency Business Licence', zh: '旅行社业务经营许可证', vi: 'Giấy phép kinh doanh lữ hành' } },
            ],
          },
        ],
      },
      {
        code: 'local_services.dining',
        names: { en: 'Dining', zh: '餐饮美食', vi: 'Ẩm thực' },
        children: [
          { code: 'local_services.dining.restaurant_vouchers', names: { en: 'Restaurant Vouchers', zh: '餐饮代金券', vi: 'Phiếu ăn nhà hàng' }, policy: 'open', sevenDayReturn: false,
            qualifications: [
              { kind: 'food_business_licence', mandatory: true, names: { en: 'Food Business Licence', zh: '食品经营许可证', vi: 'Giấy phép kinh doanh thực phẩm' } },
            ],
          },
          { code: 'local_services.dining.set_meals', names: { en: 'Set Meal Deals', zh: '团购套餐', vi: 'Suất ăn combo' }, policy: 'open', sevenDayReturn: false,
            qualifications: [
              { kind: 'food_business_licence', mandatory: true, names: { en: 'Food Business Licence', zh: '食品经营许可证', vi: 'Giấy phép kinh doanh thực phẩm' } },
            ],
          },
          { code: 'local_services.dining.cake_delivery', names: { en: 'Cake Delivery', zh: '蛋糕配送', vi: 'Giao bánh kem' }, policy: 'open', sevenDayReturn: false,
            qualifications: [
              { kind: 'food_business_licence', mandatory: true, names: { en: 'Food Business Licence', zh: '食品经营许可证', vi: 'Giấy phép kinh doanh thực phẩm' } },
            ],
          },
        ],
      },
      {
        code: 'local_services.home_services',
        names: { en: 'Home Services', zh: '到家服务', vi: 'Dịch vụ tại nhà' },
        children: [
          { code: 'local_services.home_services.cleaning', names: { en: 'Home Cleaning Services', zh: '家政保洁', vi: 'Dịch vụ dọn dẹp nhà cửa' }, policy: 'open', sevenDayReturn: false },
          { code: 'local_services.home_services.appliance_repair', names: { en: 'Appliance Repair', zh: '家电维修', vi: 'Sửa chữa đồ điện gia dụng' }, policy: 'open', sevenDayReturn: false },
        ],
      },
      {
        code: 'local_services.leisure',
        names: { en: 'Leisure & Beauty', zh: '休闲丽人', vi: 'Giải trí & Làm đẹp' },
        children: [
          { code: 'local_services.leisure.spa', names: { en: 'Spa & Massage', zh: '足疗按摩', vi: 'Spa & massage' }, policy: 'open', sevenDayReturn: false },
          { code: 'local_services.leisure.photography', names: { en: 'Photography Studios', zh: '摄影写真', vi: 'Studio chụp ảnh' }, policy: 'open', sevenDayReturn: false },
          { code: 'local_services.leisure.gym_memberships', names: { en: 'Gym Memberships', zh: '健身卡', vi: 'Thẻ tập gym' }, policy: 'targeted', sevenDayReturn: false,
            qualifications: [
              { kind: 'prepaid_card_filing', mandatory: true, names: { en: 'Prepaid Card Business Filing', zh: '单用途预付卡备案', vi: 'Hồ sơ đăng ký phát hành thẻ trả trước' } },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'second_hand',
    names: { en: 'Second-hand Goods', zh: '二手闲置', vi: 'Hàng đã qua sử dụng' },
    deposit: 500000,
    commissionBp: 300,
    qualifications: [
      { kind: 'quality_inspection_report', mandatory: false, names: { en: 'Product Quality Inspection Report', zh: '产品质检报告', vi: 'Báo cáo kiểm định chất lượng sản phẩm' } },
    ],
    children: [
      {
        code: 'second_hand.electronics',
        names: { en: 'Pre-owned Electronics', zh: '二手数码', vi: 'Đồ điện tử cũ' },
        children: [
          { code: 'second_hand.electronics.phones', names: { en: 'Pre-owned Phones', zh: '二手手机', vi: 'Điện thoại cũ' }, policy: 'open' },
          { code: 'second_hand.electronics.laptops', names: { en: 'Pre-owned Laptops', zh: '二手电脑', vi: 'Máy tính xách tay cũ' }, policy: 'open' },
          { code: 'second_hand.electronics.cameras', names: { en: 'Pre-owned Cameras', zh: '二手相机', vi: 'Máy ảnh cũ' }, policy: 'open' },
        ],
      },
      {
        code: 'second_hand.luxury',
        names: { en: 'Pre-owned Luxury', zh: '二手奢品', vi: 'Hàng hiệu đã qua sử dụng' },
        children: [
          { code: 'second_hand.luxury.bags', names: { en: 'Pre-owned Luxury Bags', zh: '二手奢侈品包', vi: 'Túi hiệu cũ' }, policy: 'targeted', depositOverride: 2000000,
            qualifications: [
              { kind: 'authentication_report', mandatory: true, names: { en: 'Authenticity Appraisal Report', zh: '正品鉴定报告', vi: 'Báo cáo giám định hàng chính hãng' } },
            ],
          },
          { code: 'second_hand.luxury.watches', names: { en: 'Pre-owned Luxury Watches', zh: '二手名表', vi: 'Đồng hồ hiệu cũ' }, policy: 'targeted', depositOverride: 2000000,
            qualifications: [
              { kind: 'authentication_report', mandatory: true, names: { en: 'Authenticity Appraisal Report', zh: '正品鉴定报告', vi: 'Báo cáo giám định hàng chính hãng' } },
            ],
          },
          { code: 'second_hand.luxury.jewellery', names: { en: 'Pre-owned Jewellery', zh: '二手珠宝', vi: 'Trang sức cũ' }, policy: 'targeted',
            qualifications: [
              { kind: 'authentication_report', mandatory: true, names: { en: 'Authenticity Appraisal Report', zh: '正品鉴定报告', vi: 'Báo cáo giám định hàng chính hãng' } },
            ],
          },
        ],
      },
      {
        code: 'second_hand.general',
        names: { en: 'General Second-hand', zh: '二手杂货', vi: 'Đồ cũ các loại' },
        children: [
          { code: 'second_hand.general.furniture', names: { en: 'Pre-owned Furniture', zh: '二手家具', vi: 'Nội thất cũ' }, policy: 'open' },
          { code: 'second_hand.general.clothing', names: { en: 'Pre-owned Clothing', zh: '二手服饰', vi: 'Quần áo cũ' }, policy: 'open' },
          { code: 'second_hand.general.appliances', names: { en: 'Pre-owned Appliances', zh: '二手家电', vi: 'Đồ điện gia dụng cũ' }, policy: 'open' },
          { code: 'second_hand.general.baby_gear', names: { en: 'Pre-owned Baby Gear', zh: '二手母婴用品', vi: 'Đồ dùng mẹ và bé cũ' }, policy: 'open' },
          { code: 'second_hand.general.vehicles', names: { en: 'Pre-owned Vehicles', zh: '二手车', vi: 'Xe cũ' }, policy: 'paused' },
        ],
      },
    ],
  },
];
