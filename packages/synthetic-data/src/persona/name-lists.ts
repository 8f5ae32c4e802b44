/** [Chinese, pinyin] pairs; the lists are small on purpose so names read as obviously synthetic. */
export const surnames = [
  ['王', 'Wang'], ['李', 'Li'], ['张', 'Zhang'], ['刘', 'Liu'], ['陈', 'Chen'], ['杨', 'Yang'], ['黄', 'Huang'],
  ['赵', 'Zhao'], ['吴', 'Wu'], ['周', 'Zhou'], ['徐', 'Xu'], ['孙', 'Sun'], ['马', 'Ma'], ['朱', 'Zhu'],
  ['胡', 'Hu'], ['郭', 'Guo'],
] as const;

export const givenNames = [
  ['伟', 'Wei'], ['芳', 'Fang'], ['娜', 'Na'], ['敏', 'Min'], ['静', 'Jing'], ['丽', 'Li'], ['强', 'Qiang'],
  ['磊', 'Lei'], ['军', 'Jun'], ['洋', 'Yang'], ['勇', 'Yong'], ['艳', 'Yan'], ['杰', 'Jie'], ['娟', 'Juan'],
  ['涛', 'Tao'], ['明', 'Ming'], ['超', 'Chao'], ['霞', 'Xia'], ['平', 'Ping'], ['刚', 'Gang'],
  ['桂英', 'Guiying'], ['秀英', 'Xiuying'], ['建华', 'Jianhua'], ['志强', 'Zhiqiang'],
] as const;

export const englishFirstNames = [
  'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Grace', 'Leo', 'Chloe', 'Oscar',
] as const;

export const englishSurnames = ['Smith', 'Brown', 'Taylor', 'Wilson', 'Clark', 'Walker', 'Evans', 'Hughes'] as const;

export const organisationWords = [
  ['示例', 'Example'], ['样本', 'Sample'], ['演示', 'Demo'], ['测试', 'Test'],
] as const;

export const organisationTrades = [
  ['贸易', 'Trading'], ['科技', 'Technology'], ['餐饮', 'Catering'], ['物流', 'Logistics'], ['建材', 'Building Materials'],
] as const;

/** City, province and a postal code prefix. */
export const cities = [
  ['Shanghai', 'Shanghai', '200'], ['Beijing', 'Beijing', '100'], ['Guangzhou', 'Guangdong', '510'],
  ['Shenzhen', 'Guangdong', '518'], ['Hangzhou', 'Zhejiang', '310'], ['Chengdu', 'Sichuan', '610'],
  ['Wuhan', 'Hubei', '430'], ['Nanjing', 'Jiangsu', '210'], ['Xi\'an', 'Shaanxi', '710'], ['Suzhou', 'Jiangsu', '215'],
] as const;

export const streets = ['Sample Road', 'Example Street', 'Demo Avenue', 'Test Lane', '示例路', '样本街'] as const;
